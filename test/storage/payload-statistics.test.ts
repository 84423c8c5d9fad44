import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

// Issue 8: ANALYZE of the outbox sorted a sample of its JSON payloads (most of its time: 148 ms
// against 33 without them on the embedded database at 20,000 emails), and the tables that grow
// with every invite are analyzed again and again while they grow. Columns no statement filters,
// joins or sorts by get no statistics; the columns the worker and the lists use keep theirs.
describe('ANALYZE skips the payloads', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('the outbox and the audit are analyzed without their payloads; the reminder lookup keeps its index', async () => {
    const { apiToken } = await bootstrap(t, 'payload-stats');
    const emails = Array.from({ length: 300 }, (_, i) => `p${i}@payload-stats.test`);
    const invited = await call(t, 'POST', '/api/v1/orgs/payload-stats/invitations', { token: apiToken, body: { emails, role: 'member' } });
    expect(invited.status).toBe(200);
    await sql`
      insert into account_notifications (kind, recipient, payload)
      select 'verify_email', 'a' || g || '@payload-stats.test', jsonb_build_object('link', 'http://localhost:3000/verify/' || g) from generate_series(1, 50) g`.execute(t.database.db);
    await sql`analyze notifications, audit_events, account_notifications, members`.execute(t.database.db);

    const { rows } = await sql<{ table: string; column: string }>`
      select tablename as table, attname as column from pg_stats
      where schemaname = 'public' and tablename in ('notifications', 'notifications_invitation', 'audit_events', 'account_notifications', 'members')
    `.execute(t.database.db);
    const gathered = new Set(rows.map((r) => `${r.table}.${r.column}`));
    for (const skipped of ['notifications.payload', 'notifications.recipient', 'notifications_invitation.expr', 'audit_events.data', 'account_notifications.payload', 'members.scim_attributes']) {
      expect(gathered, skipped).not.toContain(skipped);
    }
    for (const kept of ['notifications.status', 'notifications.run_after', 'notifications.org_id', 'audit_events.action', 'account_notifications.status', 'members.email_normalized', 'members.status']) {
      expect(gathered, kept).toContain(kept);
    }

    // The reminder's lookup of each invitation's latest email, as sweeps.ts asks it.
    const plan = await sql<{ 'QUERY PLAN': string }>`
      explain select last.status from invitations i
      join lateral (
        select n.payload, n.status from notifications n
        where n.org_id = i.org_id and n.channel = 'email' and n.payload->>'invitationId' = i.id::text
          and n.kind = any(${['invitation', 'invitation_resend']}::text[])
        order by n.created_at desc limit 1
      ) last on true
      where i.org_id = (select id from organizations where slug = 'payload-stats')
    `.execute(t.database.db);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('notifications_invitation');
  });
});
