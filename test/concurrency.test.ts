import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { bootstrap, call, signUp } from './support/client.ts';
import { latestInviteToken } from './support/invitations.ts';

let t: TestApp;

// PGlite runs one transaction at a time on one connection, where these pass by construction:
// they are PostgreSQL tests (CI runs the suite a second time with DATABASE_URL set).
describe.skipIf(!process.env.DATABASE_URL)('concurrency is settled by the database (PostgreSQL)', () => {
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('50 parallel accepts of one invitation make exactly one active member', async () => {
    const { apiToken, org } = await bootstrap(t, 'race-accept');
    const session = await signUp(t, 'racer@race.test', 'Racer');
    await call(t, 'POST', '/api/v1/orgs/race-accept/invitations', { token: apiToken, body: { emails: ['racer@race.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'racer@race.test');
    const results = await Promise.all(Array.from({ length: 50 }, () => call(t, 'POST', '/api/v1/invite/accept', { session, body: { token } })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(49);
    expect(new Set(results.filter((r) => r.status === 410).map((r) => r.body.code))).toEqual(new Set(['invitation_accepted']));
    const members = await t.database.db.selectFrom('members').select(['status']).where('orgId', '=', org.id).where('emailNormalized', '=', 'racer@race.test').execute();
    expect(members).toEqual([{ status: 'active' }]);
  });

  test('20 parallel new-person accepts of one invitation create one account', async () => {
    const { apiToken } = await bootstrap(t, 'race-new');
    await call(t, 'POST', '/api/v1/orgs/race-new/invitations', { token: apiToken, body: { emails: ['fresh@race.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'fresh@race.test');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: `Fresh ${i}`, password: 'fresh password' } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => r.status < 500)).toBe(true);
    const accounts = await t.database.db.selectFrom('auth_user').select('id').where('email', '=', 'fresh@race.test').execute();
    expect(accounts).toHaveLength(1);
  });

  test('20 parallel invites of one address in different cases make one pending invitation', async () => {
    const { apiToken, org } = await bootstrap(t, 'race-invite');
    const variants = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'Same.Person@Race.TEST' : 'same.person@race.test'));
    const results = await Promise.all(variants.map((email) => call(t, 'POST', '/api/v1/orgs/race-invite/invitations', { token: apiToken, body: { emails: [email], role: 'member' } })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const outcomes = results.map((r) => r.body.results[0].outcome);
    expect(outcomes.filter((o) => o === 'invited')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_invited')).toHaveLength(19);
    const invitations = await t.database.db.selectFrom('invitations').select('status').where('orgId', '=', org.id).where('emailNormalized', '=', 'same.person@race.test').execute();
    expect(invitations).toEqual([{ status: 'pending' }]);
  });

  test('parallel send-to-all and resend never leave two pending invitations for a member', async () => {
    const { apiToken, org } = await bootstrap(t, 'race-send');
    const emails = Array.from({ length: 30 }, (_, i) => `p${i}@race.test`);
    await call(t, 'POST', '/api/v1/orgs/race-send/invitations', { token: apiToken, body: { emails, role: 'member', sendInvite: false } });
    const results = await Promise.all(Array.from({ length: 6 }, () => call(t, 'POST', '/api/v1/orgs/race-send/invitations/send', { token: apiToken, body: { scope: 'pending' } })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    const pending = await t.database.db.selectFrom('invitations').select('memberId').where('orgId', '=', org.id).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(30);
  });
});
