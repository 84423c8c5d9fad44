import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { claimDue, readInvitationLinks, settle } from '../../src/storage/delivery.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

// Issue 8: the worker's claim, link check and settle matched outbox and invitation rows on `id`
// alone while their keys are (org_id, id), so each batch read the whole history. The plans are
// checked on PostgreSQL, whose statistics make the planner choose as it would in production.
describe.skipIf(!process.env.DATABASE_URL)('delivery reads no history (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('claim, link check and settle of a batch use the keys, not a scan of sent messages', async () => {
    const { apiToken, org } = await bootstrap(t, 'history');
    const db = t.database.db;
    await sql`
      insert into notifications (org_id, channel, kind, recipient, status, attempts, sent_at, created_at)
      select ${org.id}::uuid, 'email', 'invitation', 'old' || g || '@history.test', 'sent', 1, now(), now() - interval '1 day'
      from generate_series(1, 20000) g
    `.execute(db);
    await sql`
      insert into invitations (org_id, email, email_normalized, role, status, token_hash, expires_at, revoked_at)
      select ${org.id}::uuid, 'old' || g || '@history.test', 'old' || g || '@history.test', 'member', 'revoked', sha256(g::text::bytea), now(), now()
      from generate_series(1, 20000) g
    `.execute(db);
    const invited = await call(t, 'POST', '/api/v1/orgs/history/invitations', { token: apiToken, body: { emails: ['a@history.test', 'b@history.test'], role: 'member' } });
    expect(invited.body.counts.invited).toBe(2);
    await sql`analyze notifications`.execute(db);
    await sql`analyze invitations`.execute(db);

    const scans = await db.transaction().execute(async (trx) => {
      // This connection's counts not yet flushed to the statistics: compared before and after.
      const seqScans = async () => {
        const stats = await sql<{ relname: string; scans: number }>`
          select relname, seq_scan::int as scans from pg_stat_xact_user_tables where relname in ('notifications', 'invitations')
        `.execute(trx);
        return Object.fromEntries(stats.rows.map((r) => [r.relname, r.scans]));
      };
      const before = await seqScans();
      const claimed = await claimDue(trx, 'notifications', 50, 60_000);
      expect(claimed.map((m) => m.recipient).sort()).toEqual(['a@history.test', 'b@history.test']);
      const links = await readInvitationLinks(trx, claimed.map((m) => ({ orgId: m.orgId!, invitationId: String(m.payload.invitationId) })));
      expect([...links.values()].map((l) => l.live)).toEqual([true, true]);
      await settle(trx, 'notifications', claimed.map((m) => ({ id: m.id, orgId: m.orgId, attempts: m.attempts, outcome: 'sent' as const })));
      const after = await seqScans();
      return { notifications: after.notifications! - before.notifications!, invitations: after.invitations! - before.invitations! };
    });
    expect(scans).toEqual({ notifications: 0, invitations: 0 });
    const sent = await db.selectFrom('notifications').select(sql<number>`count(*)::int`.as('n')).where('orgId', '=', org.id).where('status', '=', 'sent').executeTakeFirstOrThrow();
    expect(sent.n).toBe(20002);
  });
});
