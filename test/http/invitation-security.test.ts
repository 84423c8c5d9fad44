import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { countRows, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function inviteOne(slug: string, token: string, email: string) {
  const res = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token, body: { emails: [email], role: 'member' } });
  expect(res.status).toBe(200);
  expect(res.body.results[0].outcome).toBe('invited');
  return res.body.results[0] as { memberId: string; invitationId: string };
}

describe('tenant isolation (§4.3)', () => {
  test("another organization's token or slug never reaches an invitation", async () => {
    const a = await bootstrap(t, 'sec-iso-a');
    const b = await bootstrap(t, 'sec-iso-b');
    const { invitationId } = await inviteOne('sec-iso-a', a.apiToken, 'victim@iso.test');
    const before = await call(t, 'GET', `/api/v1/orgs/sec-iso-a/invitations/${invitationId}`, { token: a.apiToken });
    expect(before.status).toBe(200);

    // B's admin token, aimed at A's organization.
    expect((await call(t, 'GET', `/api/v1/orgs/sec-iso-a/invitations/${invitationId}`, { token: b.apiToken })).status).toBe(404);
    expect((await call(t, 'POST', `/api/v1/orgs/sec-iso-a/invitations/${invitationId}/resend`, { token: b.apiToken })).status).toBe(404);
    expect((await call(t, 'POST', `/api/v1/orgs/sec-iso-a/invitations/${invitationId}/revoke`, { token: b.apiToken })).status).toBe(404);
    expect((await call(t, 'GET', `/api/v1/orgs/${a.org.id}/invitations/${invitationId}`, { token: b.apiToken })).status).toBe(404);

    // A's invitation id under B's own slug.
    for (const [method, suffix] of [['GET', ''], ['POST', '/resend'], ['POST', '/revoke']] as const) {
      const res = await call(t, method, `/api/v1/orgs/sec-iso-b/invitations/${invitationId}${suffix}`, { token: b.apiToken });
      expect([method + suffix, res.status, res.body.code]).toEqual([method + suffix, 404, 'invitation_not_found']);
    }
    const list = await call(t, 'GET', '/api/v1/orgs/sec-iso-b/invitations', { token: b.apiToken });
    expect(list.body.items).toEqual([]);

    const after = await call(t, 'GET', `/api/v1/orgs/sec-iso-a/invitations/${invitationId}`, { token: a.apiToken });
    expect(after.body).toEqual(before.body);
    expect(after.body).toMatchObject({ status: 'pending', sentCount: 1 });
  });
});

describe('read-scope API tokens', () => {
  test('a read token lists invitations but cannot invite, send, resend or revoke', async () => {
    const { apiToken, org } = await bootstrap(t, 'sec-read');
    const created = await call(t, 'POST', '/api/v1/orgs/sec-read/api-tokens', { token: apiToken, body: { name: 'dashboard', scope: 'read' } });
    expect(created.status).toBe(201);
    expect(created.body.scope).toBe('read');
    const reader = created.body.token as string;
    const { invitationId } = await inviteOne('sec-read', apiToken, 'target@read.test');
    const snapshot = () => Promise.all((['members', 'invitations', 'notifications'] as const).map((table) => countRows(t, table, org.id)));
    const before = await snapshot();

    const attempts = [
      call(t, 'POST', '/api/v1/orgs/sec-read/invitations', { token: reader, body: { emails: ['new@read.test'], role: 'member' } }),
      call(t, 'POST', '/api/v1/orgs/sec-read/invitations/send', { token: reader, body: { scope: 'pending' } }),
      call(t, 'POST', `/api/v1/orgs/sec-read/invitations/${invitationId}/resend`, { token: reader }),
      call(t, 'POST', `/api/v1/orgs/sec-read/invitations/${invitationId}/revoke`, { token: reader }),
    ];
    for (const res of await Promise.all(attempts)) expect([res.status, res.body.code]).toEqual([403, 'forbidden']);

    const list = await call(t, 'GET', '/api/v1/orgs/sec-read/invitations', { token: reader });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => [i.id, i.status, i.sentCount])).toEqual([[invitationId, 'pending', 1]]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('CSRF on the invitee endpoints', () => {
  test('a session cookie with a wrong or missing X-CSRF-Token cannot accept or decline', async () => {
    const { apiToken } = await bootstrap(t, 'sec-csrf');
    const session = await signUp(t, 'cookie@csrf.test', 'Cookie');
    const { invitationId } = await inviteOne('sec-csrf', apiToken, 'cookie@csrf.test');
    const token = await latestInviteToken(t, 'cookie@csrf.test');

    for (const csrf of ['wrong-token', '', session.csrf.slice(0, -1) + (session.csrf.endsWith('A') ? 'B' : 'A')]) {
      for (const action of ['accept', 'decline']) {
        const res = await call(t, 'POST', `/api/v1/invite/${action}`, { session: { ...session, csrf }, body: { token } });
        expect([action, res.status, res.body.code]).toEqual([action, 403, 'csrf_failed']);
      }
    }
    const still = await call(t, 'GET', `/api/v1/orgs/sec-csrf/invitations/${invitationId}`, { token: apiToken });
    expect(still.body).toMatchObject({ status: 'pending', acceptedAt: null, declinedAt: null });
    const member = await t.database.db.selectFrom('members').select(['status', 'accountId']).where('id', '=', still.body.memberId).executeTakeFirstOrThrow();
    expect(member).toEqual({ status: 'pending', accountId: null });

    // The same session with its real CSRF token goes through.
    const ok = await call(t, 'POST', '/api/v1/invite/accept', { session, body: { token } });
    expect(ok.status).toBe(200);
  });
});

describe('NUL and control characters', () => {
  test('a NUL in a name is a 400, never a 500, and writes nothing', async () => {
    const { apiToken, org } = await bootstrap(t, 'sec-nul');
    const auth = { token: apiToken };
    const snapshot = () => Promise.all((['members', 'invitations', 'notifications'] as const).map((table) => countRows(t, table, org.id)));
    const before = await snapshot();

    const invite = await call(t, 'POST', '/api/v1/orgs/sec-nul/invitations', { ...auth, body: { emails: ['nul@nul.test'], role: 'member', name: 'Null\u0000Byte' } });
    expect([invite.status, invite.body.code]).toEqual([400, 'validation_failed']);
    const add = await call(t, 'POST', '/api/v1/orgs/sec-nul/members', { ...auth, body: { email: 'nul2@nul.test', role: 'member', name: 'A\u0000' } });
    expect([add.status, add.body.code]).toEqual([400, 'validation_failed']);
    expect(await snapshot()).toEqual(before);

    await inviteOne('sec-nul', apiToken, 'taker@nul.test');
    const token = await latestInviteToken(t, 'taker@nul.test');
    const accept = await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Ta\u0000ker', password: 'a good password' } });
    expect([accept.status, accept.body.code]).toEqual([400, 'validation_failed']);
    const stillPending = await call(t, 'POST', '/api/v1/invite/preview', { body: { token } });
    expect(stillPending.status).toBe(200);
    expect(await t.database.db.selectFrom('auth_user').select('id').where('email', '=', 'taker@nul.test').execute()).toEqual([]);

    const settings = await call(t, 'PATCH', '/api/v1/orgs/sec-nul/settings', { ...auth, body: { name: 'Org\u0000Name' } });
    expect([settings.status, settings.body.code]).toEqual([400, 'validation_failed']);
    expect((await call(t, 'GET', '/api/v1/orgs/sec-nul', auth)).body.name).toBe('SEC-NUL');

    for (const kind of ['apps', 'teams']) {
      const res = await call(t, 'POST', `/api/v1/orgs/sec-nul/${kind}`, { ...auth, body: { name: `Bad\u0000${kind}` } });
      expect([kind, res.status, res.body.code]).toEqual([kind, 400, 'validation_failed']);
      expect((await call(t, 'GET', `/api/v1/orgs/sec-nul/${kind}`, auth)).body.items).toEqual([]);
    }

    const search = await call(t, 'GET', '/api/v1/orgs/sec-nul/members?q=a%00b', auth);
    expect(search.status).toBeGreaterThanOrEqual(400);
    expect(search.status).toBeLessThan(500);
    const control = await call(t, 'GET', '/api/v1/orgs/sec-nul/members?q=a%01b', auth);
    expect(control.status).toBeLessThan(500);
  });
});

describe('API token secrecy (§4.3)', () => {
  test('a token secret appears only in the response that created it', async () => {
    const { apiToken } = await bootstrap(t, 'sec-tokens');
    const auth = { token: apiToken };
    const created = await call(t, 'POST', '/api/v1/orgs/sec-tokens/api-tokens', { ...auth, body: { name: 'ci', scope: 'admin' } });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^glt_/);
    expect(created.body).toMatchObject({ name: 'ci', scope: 'admin', revokedAt: null });

    // The new token works, and using it leaves no trace of it in what the API shows.
    expect((await call(t, 'GET', '/api/v1/orgs/sec-tokens', { token: secret })).status).toBe(200);
    await call(t, 'POST', '/api/v1/orgs/sec-tokens/invitations', { token: secret, body: { emails: ['made@tokens.test'], role: 'member' } });

    const bodies = await Promise.all([
      call(t, 'GET', '/api/v1/orgs/sec-tokens/api-tokens', auth),
      call(t, 'GET', '/api/v1/orgs/sec-tokens/api-tokens', { token: secret }),
      call(t, 'GET', '/api/v1/orgs/sec-tokens', auth),
      call(t, 'GET', '/api/v1/orgs/sec-tokens/audit-events?limit=200', auth),
      call(t, 'GET', '/api/v1/orgs/sec-tokens/invitations', auth),
      call(t, 'GET', '/api/v1/orgs/sec-tokens/members', auth),
      call(t, 'GET', '/api/v1/orgs/sec-tokens/notifications', auth),
    ]);
    for (const res of bodies) expect(res.status).toBe(200);
    const list = bodies[0]!.body.items as any[];
    expect(list.map((i) => i.name).sort()).toEqual(['bootstrap', 'ci']);
    expect(list.find((i) => i.name === 'ci')).toMatchObject({ id: created.body.id, scope: 'admin' });
    for (const item of list) expect(Object.keys(item).sort()).toEqual(['createdAt', 'createdBy', 'createdByName', 'id', 'lastUsedAt', 'name', 'revokedAt', 'scope']);
    const text = JSON.stringify(bodies.map((b) => b.body));
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(4));
    expect(text).not.toContain(apiToken);
    expect(text).not.toMatch(/glt_/);

    const revoked = await call(t, 'DELETE', `/api/v1/orgs/sec-tokens/api-tokens/${created.body.id}`, auth);
    expect(revoked.status).toBe(204);
    const denied = await call(t, 'GET', '/api/v1/orgs/sec-tokens', { token: secret });
    expect(denied.status).toBe(401);
    expect(JSON.stringify(denied.body)).not.toContain(secret);
  });
});
