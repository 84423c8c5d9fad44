import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { bootstrap, call, signUp, verifyEmail, type CallResult, type Session } from './support/client.ts';
import { latestInviteToken } from './support/invitations.ts';

let t: TestApp;

const PASSWORD = 'race password';

function describeResult(r: CallResult): string {
  return `${r.status} ${typeof r.body === 'object' && r.body ? (r.body.code ?? '') : ''}`;
}

/**
 * Starts a call after a pause. The pauses only spread the start times so that, across rounds, each
 * side of a race gets to commit first or to overlap the other; no assertion depends on them.
 */
function after<T>(ms: number, start: () => Promise<T>): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms)).then(start);
}

function expectNoServerError(results: readonly CallResult[]): void {
  const bad = results.filter((r) => r.status >= 500).map(describeResult);
  expect(bad).toEqual([]);
}

// PGlite runs one transaction at a time on one connection, where these pass by construction:
// they are PostgreSQL tests (CI runs the suite a second time with DATABASE_URL set).
describe.skipIf(!process.env.DATABASE_URL)('races settled by the database (PostgreSQL)', () => {
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('a resend racing an accept with the old link: exactly one of them wins', async () => {
    const { apiToken, org } = await bootstrap(t, 'race-resend');
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const email = `r${round}@race-resend.test`;
      const inv = await call(t, 'POST', '/api/v1/orgs/race-resend/invitations', { token: apiToken, body: { emails: [email], role: 'member' } });
      const { invitationId, memberId } = inv.body.results[0];
      const oldToken = await latestInviteToken(t, email);

      // A new person's accept spends a few hundred milliseconds hashing a password before its
      // transaction; starting the resend later each round lets either side commit first.
      const [accept, resend] = await Promise.all([
        call(t, 'POST', '/api/v1/invite/accept', { body: { token: oldToken, name: `Racer ${round}`, password: PASSWORD } }),
        after(round * 40, () => call(t, 'POST', `/api/v1/orgs/race-resend/invitations/${invitationId}/resend`, { token: apiToken })),
      ]);
      expectNoServerError([accept, resend]);

      const member = await t.database.db.selectFrom('members').select(['status', 'accountId']).where('orgId', '=', org.id).where('id', '=', memberId).executeTakeFirstOrThrow();
      const invitation = await call(t, 'GET', `/api/v1/orgs/race-resend/invitations/${invitationId}`, { token: apiToken });
      const pendingForMember = await t.database.db.selectFrom('invitations').select('id').where('orgId', '=', org.id).where('memberId', '=', memberId).where('status', '=', 'pending').execute();
      const context = `round ${round}: accept ${describeResult(accept)}, resend ${describeResult(resend)}`;

      if (accept.status === 200) {
        outcomes.push('accept');
        expect(member.status, context).toBe('active');
        expect(member.accountId, context).toBe(accept.body.accountId);
        expect(invitation.body.status, context).toBe('accepted');
        expect([409, 410], context).toContain(resend.status);
        expect(pendingForMember, context).toEqual([]);
      } else {
        outcomes.push('resend');
        expect([404, 410], context).toContain(accept.status);
        expect(resend.status, context).toBe(200);
        expect(member, context).toEqual({ status: 'pending', accountId: null });
        expect(invitation.body, context).toMatchObject({ status: 'pending', sentCount: 2 });
        expect(pendingForMember, context).toHaveLength(1);
        const account = await t.database.db.selectFrom('auth_user').select('id').where('email', '=', email).execute();
        expect(account, context).toEqual([]);
        // The resent link still works.
        const newToken = await latestInviteToken(t, email);
        expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: newToken } })).status, context).toBe(200);
      }
    }
    expect(outcomes).toHaveLength(10);
  });

  test('send-to-all racing accepts never leaves an active member with a pending invitation', async () => {
    const { apiToken, org } = await bootstrap(t, 'race-sendall');
    // Three ways in: a signed-in account through its link, a verified account from its bell (no
    // token, so a resend does not stop it), and a new person through the link.
    const byLink = Array.from({ length: 7 }, (_, i) => `link${i}@race-sendall.test`);
    const byBell = Array.from({ length: 7 }, (_, i) => `bell${i}@race-sendall.test`);
    const fresh = Array.from({ length: 6 }, (_, i) => `fresh${i}@race-sendall.test`);
    const sessions = new Map<string, Session>();
    for (const email of [...byLink, ...byBell]) sessions.set(email, await signUp(t, email, 'Known'));
    for (const email of byBell) await verifyEmail(t, email);
    const invited = await call(t, 'POST', '/api/v1/orgs/race-sendall/invitations', { token: apiToken, body: { emails: [...byLink, ...byBell, ...fresh], role: 'member' } });
    expect(invited.body.counts.invited).toBe(20);
    const invitationOf = new Map<string, string>(invited.body.results.map((r: any) => [r.email, r.invitationId]));
    const tokens = new Map<string, string>();
    for (const email of [...byLink, ...fresh]) tokens.set(email, await latestInviteToken(t, email));

    const acceptOne = (email: string) => {
      if (byBell.includes(email)) return call(t, 'POST', `/api/v1/me/invitations/${invitationOf.get(email)}/accept`, { session: sessions.get(email)! });
      if (sessions.has(email)) return call(t, 'POST', '/api/v1/invite/accept', { session: sessions.get(email)!, body: { token: tokens.get(email) } });
      return call(t, 'POST', '/api/v1/invite/accept', { body: { token: tokens.get(email), name: 'Fresh', password: PASSWORD } });
    };
    // Accepts and sends start spread over the same few hundred milliseconds, so some accepts commit
    // before a send, some after, and some wait on one.
    const order = byLink.flatMap((email, i) => [email, byBell[i]!, ...(fresh[i] ? [fresh[i]] : [])]);
    const accepts = order.map((email, j) => after((j % 10) * 30, () => acceptOne(email)));
    const sends = Array.from({ length: 5 }, (_, i) => after(40 + i * 60, () => call(t, 'POST', '/api/v1/orgs/race-sendall/invitations/send', { token: apiToken, body: { scope: 'pending' } })));
    const [acceptResults, sendResults] = await Promise.all([Promise.all(accepts), Promise.all(sends)]);
    expectNoServerError([...acceptResults, ...sendResults]);
    for (const r of acceptResults) expect([200, 404, 410]).toContain(r.status);
    for (const r of sendResults) expect(r.status).toBe(200);

    const violations = await sql<{ id: string }>`
      select m.id from members m join invitations i on i.org_id = m.org_id and i.member_id = m.id
      where m.org_id = ${org.id}::uuid and m.status = 'active' and i.status = 'pending'
    `.execute(t.database.db);
    expect(violations.rows).toEqual([]);

    const accepted = acceptResults.filter((r) => r.status === 200).length;
    const active = await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('status', '=', 'active').where('role', '=', 'member').execute();
    expect(active).toHaveLength(accepted);
    const acceptedInvitations = await t.database.db.selectFrom('invitations').select('id').where('orgId', '=', org.id).where('status', '=', 'accepted').execute();
    expect(acceptedInvitations).toHaveLength(accepted);
    // Every member who did not get in still holds exactly one pending invitation.
    const pending = await sql<{ member_id: string; n: number }>`
      select m.id as member_id, count(i.id)::int as n from members m
      left join invitations i on i.org_id = m.org_id and i.member_id = m.id and i.status = 'pending'
      where m.org_id = ${org.id}::uuid and m.status = 'pending' group by m.id
    `.execute(t.database.db);
    expect(pending.rows).toHaveLength(20 - accepted);
    for (const row of pending.rows) expect(row.n).toBe(1);
  });

  test('removing a member while an invitation is sent to them leaves no invitation behind', async () => {
    const { apiToken, org } = await bootstrap(t, 'race-remove');
    for (let round = 0; round < 10; round++) {
      const email = `gone${round}@race-remove.test`;
      // Half the rounds race against a first invitation, half against a resend of a live one.
      const created = await call(t, 'POST', '/api/v1/orgs/race-remove/invitations', { token: apiToken, body: { emails: [email], role: 'member', sendInvite: round % 2 === 0 } });
      const memberId = created.body.results[0].memberId as string;

      const [removeDelay, sendDelay] = round % 2 === 0 ? [round, 0] : [0, round - 1];
      const [removed, sent] = await Promise.all([
        after(removeDelay, () => call(t, 'DELETE', `/api/v1/orgs/race-remove/members/${memberId}`, { token: apiToken })),
        after(sendDelay, () => call(t, 'POST', '/api/v1/orgs/race-remove/invitations/send', { token: apiToken, body: { members: [memberId] } })),
      ]);
      const context = `round ${round}: delete ${describeResult(removed)}, send ${describeResult(sent)}`;
      expectNoServerError([removed, sent]);
      expect(removed.status, context).toBe(204);
      expect(sent.status, context).toBe(200);
      expect(sent.body.results, context).toHaveLength(1);
      expect(['invited', 'resent', 'failed'], context).toContain(sent.body.results[0].outcome);
      if (sent.body.results[0].outcome === 'failed') expect(sent.body.results[0].code, context).toBe('member_not_found');

      const member = await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('id', '=', memberId).execute();
      expect(member, context).toEqual([]);
      const live = await t.database.db.selectFrom('invitations').select(['id', 'status']).where('orgId', '=', org.id).where('emailNormalized', '=', email).where('status', '=', 'pending').execute();
      expect(live, context).toEqual([]);
      const orphans = await t.database.db.selectFrom('invitations').select('id').where('orgId', '=', org.id).where('memberId', 'is', null).where('status', '=', 'pending').execute();
      expect(orphans, context).toEqual([]);
    }
  });
});
