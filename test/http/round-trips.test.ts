import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { statementRecorder } from '../support/statements.ts';
import { bootstrap, bootstrapTokenId, call, signIn, signUp, verifyEmail } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

// Issue 8: requests make as few round trips as their rules allow.

// A signed-in accept makes as few round trips as its rules allow, and still refuses a
// membership that is no longer waiting to be joined.
const recorder = statementRecorder();
const statements = recorder.texts;
let t: TestApp;
beforeAll(async () => {
  recorder.start();
  t = await createTestApp();
});
afterAll(async () => {
  recorder.stop();
  await t.close();
});

async function invitedAccount(slug: string, email: string) {
  const { apiToken } = await bootstrap(t, slug);
  await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: [email], role: 'member' } });
  const session = await signUp(t, email, 'Person');
  await verifyEmail(t, email);
  return { token: await latestInviteToken(t, email), session };
}

describe.skipIf(!process.env.DATABASE_URL)('signed-in accept through the link (PostgreSQL)', () => {
  test('is six statements in five round trips: session, invitation, begin with both locks, claim + join + audit, commit', async () => {
    const { token, session } = await invitedAccount('trips', 'tia@trips.test');
    statements.length = 0;
    recorder.unnamed.length = 0;
    recorder.roundTrips.count = 0;
    const res = await call(t, 'POST', '/api/v1/invite/accept', { session, body: { token } });
    expect(res.status).toBe(200);
    expect(recorder.unnamed).toEqual(['commit']);
    // (An API token invited: it has no address and there is no Slack, so no one is told and the inviter is not looked up.)
    const kinds = statements.map((s) => s.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(kinds).toEqual(['select s.id', 'select "org_id",', 'begin', 'select "o"."id",', 'with claimed', 'commit']);
    expect(recorder.roundTrips.count).toBe(5);
    const audit = await sql<{ action: string; target: string; data: unknown }>`
      select action, target, data from audit_events where action in ('invitation.accepted', 'member.joined') and target in (
        select 'invitation:' || id from invitations where email_normalized = 'tia@trips.test'
        union all select 'member:' || id from members where email_normalized = 'tia@trips.test')
      order by at, id`.execute(t.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['invitation.accepted', 'member.joined']);
  });

  test('a member no longer pending is not joined, and the invitation stays pending', async () => {
    const { token, session } = await invitedAccount('not-pending', 'nia@not-pending.test');
    await sql`update members set status = 'deactivated' where email_normalized = 'nia@not-pending.test'`.execute(t.database.db);
    const res = await call(t, 'POST', '/api/v1/invite/accept', { session, body: { token } });
    expect(res.body.code).toBe('member_not_pending');
    const rows = await sql<{ status: string }>`select status from invitations where email_normalized = 'nia@not-pending.test'`.execute(t.database.db);
    expect(rows.rows).toEqual([{ status: 'pending' }]);
  });
});

// Issue 8: a request made with an API token resolves the token and the organization it names in one
// statement; the organization is not read a second time. A token of another organization, or a
// revoked one, is still refused.
describe.skipIf(!process.env.DATABASE_URL)('a token-authenticated read (PostgreSQL)', () => {
  test('is two statements, by slug or by id: the token with its organization, then the page', async () => {
    const { apiToken, org } = await bootstrap(t, 'token-trips');
    await call(t, 'GET', '/api/v1/orgs/token-trips/members', { token: apiToken }); // the token's last use is stamped once a minute
    for (const ref of ['Token-Trips', org.id]) {
      statements.length = 0;
      recorder.unnamed.length = 0;
      const res = await call(t, 'GET', `/api/v1/orgs/${ref}/members?limit=5`, { token: apiToken });
      expect(res.status).toBe(200);
      expect(recorder.unnamed).toEqual([]);
      expect(statements.map((s) => s.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['select t.id,', expect.stringMatching(/^(select|with)/)]);
      expect(statements[0]).toMatch(/join organizations/);
    }
  });

  test('so is a list page whose people were invited by a person and by an API token: the page names its inviters itself', async () => {
    const { apiToken } = await bootstrap(t, 'inviter-trips');
    const admin = await signIn(t, 'admin@inviter-trips.test');
    await call(t, 'POST', '/api/v1/orgs/inviter-trips/invitations', { token: apiToken, body: { emails: ['by-token@inviter-trips.test'], role: 'member' } });
    await call(t, 'POST', '/api/v1/orgs/inviter-trips/invitations', { session: admin, body: { emails: ['by-person@inviter-trips.test'], role: 'member' } });
    await call(t, 'GET', '/api/v1/orgs/inviter-trips/members', { token: apiToken });
    for (const list of ['members', 'invitations', 'invitations?q=by-']) {
      statements.length = 0;
      const res = await call(t, 'GET', `/api/v1/orgs/inviter-trips/${list}${list.includes('?') ? '&' : '?'}limit=50`, { token: apiToken });
      expect(res.status).toBe(200);
      expect(statements).toHaveLength(2);
      const inviters = Object.fromEntries(res.body.items.map((i: { email: string; inviter: unknown }) => [i.email, i.inviter]));
      expect(inviters).toMatchObject({ 'by-token@inviter-trips.test': { name: 'API token "bootstrap"' }, 'by-person@inviter-trips.test': { name: 'admin' } });
    }
  });

  test("another organization's slug is not found, and a revoked token is refused", async () => {
    const { apiToken } = await bootstrap(t, 'token-trips-a');
    await bootstrap(t, 'token-trips-b');
    const other = await call(t, 'GET', '/api/v1/orgs/token-trips-b/members', { token: apiToken });
    expect([other.status, other.body.code]).toEqual([404, 'org_not_found']);
    await call(t, 'DELETE', `/api/v1/orgs/token-trips-a/api-tokens/${await bootstrapTokenId(t, 'token-trips-a', apiToken)}`, { token: apiToken });
    const revoked = await call(t, 'GET', '/api/v1/orgs/token-trips-a/members', { token: apiToken });
    expect(revoked.status).toBe(401);
  });
});

// A single invite writes its invitation, outbox message, the daily cap's count and its audit rows
// in one statement, and reads the day's count with its hold of the settings: six statements where
// it took eleven, in four round trips (the begin travels with the first statement, the commit with
// the last).
describe.skipIf(!process.env.DATABASE_URL)('a single invite (PostgreSQL)', () => {
  test('is six statements in four round trips: token, begin with the settings and the daily count, member, invitation + outbox + count + audit with the commit', async () => {
    const { apiToken, org } = await bootstrap(t, 'invite-trips');
    await call(t, 'POST', '/api/v1/orgs/invite-trips/invitations', { token: apiToken, body: { emails: ['first@trips.test'], role: 'member' } });
    statements.length = 0;
    recorder.unnamed.length = 0;
    recorder.roundTrips.count = 0;
    const res = await call(t, 'POST', '/api/v1/orgs/invite-trips/invitations', { token: apiToken, body: { emails: ['ann@trips.test'], role: 'member' } });
    expect(res.body.results[0].outcome).toBe('invited');
    const kinds = statements.map((s) => s.trim().split(/\s+/).slice(0, 3).join(' '));
    expect(kinds).toEqual(['select t.id, t.org_id', 'begin', 'select "id", "slug",', 'insert into members', 'with t as', 'commit']);
    expect(recorder.roundTrips.count).toBe(4);
    expect(statements[2]).toMatch(/invitation_sends.*for share skip locked/s);
    // Every statement runs prepared, the commit too: one parsed and planned afresh on each invite
    // cost PostgreSQL about a fifth of its time (the invitation write is a large statement).
    expect(recorder.unnamed).toEqual([]);
    // Everything the change promised is there: the queued email, the count, and both audit events in order.
    const audit = await sql<{ action: string }>`select action from audit_events where org_id = ${org.id}::uuid and data->>'email' = 'ann@trips.test' order by at`.execute(t.database.db);
    expect(audit.rows.map((a) => a.action)).toEqual(['member.created', 'invitation.created']);
    const queued = await t.database.db.selectFrom('notifications').select('kind').where('orgId', '=', org.id).where('recipient', '=', 'ann@trips.test').execute();
    expect(queued).toEqual([{ kind: 'invitation' }]);
    const sent = await sql<{ n: number }>`select coalesce(sum(sent), 0)::int as n from invitation_sends where org_id = ${org.id}::uuid`.execute(t.database.db);
    expect(sent.rows[0]!.n).toBe(2);
  });
});
