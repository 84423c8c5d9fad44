import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { holdTransaction, waitForLockWaiter } from '../support/locks.ts';

// Issue 8: an invite reads the day's count with its hold of the organization's settings in one
// statement, taken only when no change holds the organization (SKIP LOCKED); otherwise it waits
// for the change as before. The wait is only real on PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('an invite while a change holds the organization (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('waits for the change and obeys the mute it commits (R5)', async () => {
    const { apiToken, org } = await bootstrap(t, 'held-org');
    const mute = await holdTransaction(t.database.db, async (trx) => {
      await sql`select id from organizations where id = ${org.id}::uuid for update`.execute(trx);
      await sql`update organizations set notifications_enabled = false where id = ${org.id}::uuid`.execute(trx);
    });
    const invite = call(t, 'POST', '/api/v1/orgs/held-org/invitations', { token: apiToken, body: { emails: ['wren@held.test'], role: 'member' } });
    await waitForLockWaiter(t.database.db, '%from "organizations"%for share%');
    await mute.release();
    const res = await invite;
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ outcome: 'created', code: 'notifications_disabled' });
    const queued = await t.database.db.selectFrom('notifications').select('id').where('orgId', '=', org.id).where('recipient', '=', 'wren@held.test').execute();
    expect(queued).toEqual([]);
  });
});
