import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { countRows } from '../support/invitations.ts';
import { holdTransaction, waitForLockWaiter } from '../support/locks.ts';

// Issue 6, item 5: a per-organization cap on invitations per day, so the server cannot relay mass mail.
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: '5' }); });
afterAll(async () => { await t.close(); });

const invite = (token: string, slug: string, emails: string[], extra: Record<string, unknown> = {}) =>
  call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token, body: { emails, role: 'member', ...extra } });

describe('INVITATIONS_PER_DAY_PER_ORG', () => {
  test('the default is generous', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    expect(loadConfig({}).invitationsPerDayPerOrg).toBe(10_000);
  });

  test('in a batch, the addresses past the cap fail alone with daily_invitation_limit, and nothing is written for them', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-batch');
    expect((await invite(apiToken, 'cap-batch', ['a1@cap.test', 'a2@cap.test', 'a3@cap.test'])).body.counts.invited).toBe(3);
    const members = await countRows(t, 'members', org.id);
    const res = await invite(apiToken, 'cap-batch', ['b1@cap.test', 'b2@cap.test', 'b3@cap.test', 'b4@cap.test']);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { email: string; outcome: string; code?: string }) => [r.email, r.outcome, r.code])).toEqual([
      ['b1@cap.test', 'invited', undefined],
      ['b2@cap.test', 'invited', undefined],
      ['b3@cap.test', 'failed', 'daily_invitation_limit'],
      ['b4@cap.test', 'failed', 'daily_invitation_limit'],
    ]);
    expect(await countRows(t, 'members', org.id)).toBe(members + 2);
    expect(await countRows(t, 'invitations', org.id)).toBe(5);
    // Creating people without sending is not capped.
    expect((await invite(apiToken, 'cap-batch', ['c1@cap.test'], { sendInvite: false })).body.counts.created).toBe(1);
    // Another organization has its own cap.
    const other = await bootstrap(t, 'cap-other');
    expect((await invite(other.apiToken, 'cap-other', ['o1@cap.test'])).body.counts.invited).toBe(1);
  });

  test('near the cap, only addresses that will be sent an invitation count: a member, a deactivated one or one already invited takes no place', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-depth');
    expect((await invite(apiToken, 'cap-depth', ['waiting@cap.test', 'joined@cap.test', 'early@cap.test'])).body.counts.invited).toBe(3);
    await sql`update members set status = 'active', joined_at = now() where org_id = ${org.id}::uuid and email_normalized = 'joined@cap.test'`.execute(t.database.db);
    await invite(apiToken, 'cap-depth', ['gone@cap.test', 'quiet@cap.test'], { sendInvite: false });
    await sql`update members set status = 'deactivated' where org_id = ${org.id}::uuid and email_normalized = 'gone@cap.test'`.execute(t.database.db);
    // Two of five left: the three that send nothing come first and must not use them up.
    const res = await invite(apiToken, 'cap-depth', ['joined@cap.test', 'gone@cap.test', 'waiting@cap.test', 'quiet@cap.test', 'new1@cap.test', 'new2@cap.test']);
    expect(res.body.results.map((r: { email: string; outcome: string; code?: string }) => [r.email, r.outcome, r.code])).toEqual([
      ['joined@cap.test', 'failed', 'already_member'],
      ['gone@cap.test', 'failed', 'member_deactivated'],
      ['waiting@cap.test', 'already_invited', 'already_invited'],
      ['quiet@cap.test', 'invited', undefined],
      ['new1@cap.test', 'invited', undefined],
      ['new2@cap.test', 'failed', 'daily_invitation_limit'],
    ]);
    expect(await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('emailNormalized', '=', 'new2@cap.test').execute()).toEqual([]);
    expect(await countRows(t, 'invitations', org.id)).toBe(5);
  });

  test('an explicit send or resend past the cap answers 429 daily_invitation_limit and changes nothing', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-send');
    const first = await invite(apiToken, 'cap-send', ['s1@cap.test', 's2@cap.test', 's3@cap.test', 's4@cap.test', 's5@cap.test']);
    expect(first.body.counts.invited).toBe(5);
    await invite(apiToken, 'cap-send', ['later@cap.test'], { sendInvite: false });
    const before = await t.database.db.selectFrom('invitations').select(['id', 'tokenHash', 'sentCount', 'expiresAt']).where('orgId', '=', org.id).orderBy('id').execute();
    const notifications = await countRows(t, 'notifications', org.id);

    const resend = await call(t, 'POST', `/api/v1/orgs/cap-send/invitations/${first.body.results[0].invitationId}/resend`, { token: apiToken });
    expect(resend.status).toBe(429);
    expect(resend.body.code).toBe('daily_invitation_limit');
    expect(resend.headers.get('retry-after')).toBe('3600');
    for (const body of [{ scope: 'pending' }, { members: ['later@cap.test'] }]) {
      const sent = await call(t, 'POST', '/api/v1/orgs/cap-send/invitations/send', { token: apiToken, body });
      expect(sent.status).toBe(429);
      expect(sent.body.code).toBe('daily_invitation_limit');
    }
    const added = await call(t, 'POST', '/api/v1/orgs/cap-send/members', { token: apiToken, body: { email: 'one-more@cap.test', role: 'member', sendInvite: true } });
    expect(added.status).toBe(429);
    expect(added.body.code).toBe('daily_invitation_limit');

    expect(await t.database.db.selectFrom('invitations').select(['id', 'tokenHash', 'sentCount', 'expiresAt']).where('orgId', '=', org.id).orderBy('id').execute()).toEqual(before);
    expect(await countRows(t, 'notifications', org.id)).toBe(notifications);
    expect(await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('emailNormalized', '=', 'one-more@cap.test').execute()).toEqual([]);
  });

  test('invitations sent more than 25 hours ago no longer count (counted by the hour: up to an hour more may still count)', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-window');
    await invite(apiToken, 'cap-window', ['w1@cap.test', 'w2@cap.test', 'w3@cap.test', 'w4@cap.test', 'w5@cap.test']);
    expect((await invite(apiToken, 'cap-window', ['w6@cap.test'])).body.results[0].code).toBe('daily_invitation_limit');
    await sql`update notifications set created_at = now() - interval '25 hours' where org_id = ${org.id}::uuid`.execute(t.database.db);
    await sql`update invitation_sends set hour = date_trunc('hour', now() - interval '25 hours') where org_id = ${org.id}::uuid`.execute(t.database.db);
    expect((await invite(apiToken, 'cap-window', ['w6@cap.test'])).body.results[0].outcome).toBe('invited');
  });
});

// Concurrent sends do not see each other's uncommitted invitations: only real concurrency can show
// whether the cap holds, so this runs on PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('the cap holds under concurrent calls (PostgreSQL)', () => {
  test('parallel batches and single invites of different addresses never pass the cap together', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-race');
    const batches = Array.from({ length: 8 }, (_, i) => invite(apiToken, 'cap-race', [`r${i}a@cap.test`, `r${i}b@cap.test`, `r${i}c@cap.test`]));
    const singles = Array.from({ length: 8 }, (_, i) => invite(apiToken, 'cap-race', [`s${i}@cap.test`]));
    const results = await Promise.all([...batches, ...singles]);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const invited = results.reduce((n, r) => n + (r.body.counts?.invited ?? 0), 0);
    expect(invited).toBe(5);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from invitations where org_id = ${org.id}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(5);
  });

  test('near the cap, a member whose invitation is revoked while the invite looks is counted again: the batch is tried anew, each address with its own outcome', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-look');
    expect((await invite(apiToken, 'cap-look', ['held@cap.test', 'l2@cap.test', 'l3@cap.test', 'l4@cap.test'])).body.counts.invited).toBe(4);
    const revoke = await holdTransaction(t.database.db, async (trx) => {
      const { rows } = await sql<{ id: string }>`select id from members where org_id = ${org.id}::uuid and email_normalized = 'held@cap.test' for update`.execute(trx);
      await sql`update invitations set status = 'revoked', revoked_at = now() where org_id = ${org.id}::uuid and member_id = ${rows[0]!.id}::uuid`.execute(trx);
    });
    // One left: the look sees held@ still invited (sending nothing), so fresh@ takes the place.
    const res = invite(apiToken, 'cap-look', ['held@cap.test', 'fresh@cap.test']);
    await waitForLockWaiter(t.database.db, '%from "members"%for update%');
    await revoke.release();
    const answer = await res;
    expect(answer.status).toBe(200);
    // Looked at again once held@ was free: it comes first and takes the one place left.
    expect(answer.body.results.map((r: { email: string; outcome: string; code?: string }) => [r.email, r.outcome, r.code])).toEqual([
      ['held@cap.test', 'invited', undefined],
      ['fresh@cap.test', 'failed', 'daily_invitation_limit'],
    ]);
    expect(await countRows(t, 'invitations', org.id)).toBe(5);
    expect(await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('emailNormalized', '=', 'fresh@cap.test').execute()).toEqual([]);
  });

  test('parallel sends to pending members never pass the cap together', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-send-race');
    const people = Array.from({ length: 8 }, (_, i) => `p${i}@cap.test`);
    await invite(apiToken, 'cap-send-race', people, { sendInvite: false });
    const sends = await Promise.all(people.map((p) => call(t, 'POST', '/api/v1/orgs/cap-send-race/invitations/send', { token: apiToken, body: { members: [p] } })));
    expect(sends.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from invitations where org_id = ${org.id}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(5);
  });
});
