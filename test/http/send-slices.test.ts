import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

// Issue 8: on PostgreSQL a send to all pending runs in transactions of 5,000 members, so a mute or a
// settings change waits for one slice, not for the whole organization.
describe.skipIf(!process.env.DATABASE_URL)('send to all pending in slices (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: '100000' }); });
  afterAll(async () => { await t.close(); });

  test('every pending member of a large organization is sent exactly one invitation, slice after slice', async () => {
    const { apiToken, org } = await bootstrap(t, 'send-slices');
    await sql`insert into members (org_id, email, email_normalized, role, source)
      select ${org.id}::uuid, 'p' || g || '@slices.test', 'p' || g || '@slices.test', 'member', 'api' from generate_series(1, 5100) g`.execute(t.database.db);
    const res = await call(t, 'POST', '/api/v1/orgs/send-slices/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [], counts: { invited: 5100, resent: 0, failed: 0 }, summarized: true });
    const pending = await sql<{ n: number; members: number }>`
      select count(*)::int as n, count(distinct member_id)::int as members from invitations where org_id = ${org.id}::uuid and status = 'pending'`.execute(t.database.db);
    expect(pending.rows[0]).toEqual({ n: 5100, members: 5100 });
    const queued = await sql<{ n: number }>`select count(*)::int as n from notifications where org_id = ${org.id}::uuid and kind = 'invitation'`.execute(t.database.db);
    expect(queued.rows[0]!.n).toBe(5100);
    const audit = await call(t, 'GET', '/api/v1/orgs/send-slices/audit-events?action=invitation.created', { token: apiToken });
    expect(audit.body.items.map((e: { data: { count: number } }) => e.data.count).sort()).toEqual([100, 5000]);
  });
});
