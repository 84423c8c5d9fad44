import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, type Session } from '../support/client.ts';
import { countRows, expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

/** Invites an address and accepts as a new person: an active member with a session. */
async function join(slug: string, apiToken: string, email: string, role = 'member'): Promise<{ memberId: string; session: Session }> {
  const invited = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: [email], role } });
  const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, email), name: 'Joiner', password: 'correct horse battery' } });
  expect(accepted.status).toBe(200);
  return { memberId: invited.body.results[0].memberId, session: await signIn(t, email) };
}

async function actions(slug: string, apiToken: string): Promise<string[]> {
  const res = await call(t, 'GET', `/api/v1/orgs/${slug}/audit-events?limit=200`, { token: apiToken });
  return res.body.items.map((e: { action: string }) => e.action);
}

describe('the Users list', () => {
  test('shows each pending member with the badge of its latest invitation', async () => {
    const { apiToken } = await bootstrap(t, 'badges');
    const invited = await call(t, 'POST', '/api/v1/orgs/badges/invitations', { token: apiToken, body: { emails: ['inv@b.test', 'exp@b.test', 'dec@b.test', 'rev@b.test'], role: 'member' } });
    const ids = Object.fromEntries(invited.body.results.map((r: { email: string; invitationId: string }) => [r.email.split('@')[0], r.invitationId]));
    await expireInvitation(t, ids.exp);
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token: await latestInviteToken(t, 'dec@b.test') } })).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/orgs/badges/invitations/${ids.rev}/revoke`, { token: apiToken, body: {} })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/orgs/badges/members', { token: apiToken, body: { email: 'New@B.test', role: 'member' } })).status).toBe(201);

    const list = await call(t, 'GET', '/api/v1/orgs/badges/members', { token: apiToken });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const byEmail = Object.fromEntries(list.body.items.map((m: { email: string }) => [m.email, m]));
    expect(list.body.items.map((m: { email: string }) => m.email)).toEqual(['admin@badges.test', 'dec@b.test', 'exp@b.test', 'inv@b.test', 'New@B.test', 'rev@b.test']);
    expect(byEmail['admin@badges.test']).toMatchObject({ status: 'active', role: 'admin', badge: null, invitation: null });
    expect(byEmail['inv@b.test']).toMatchObject({ status: 'pending', badge: 'invited', invitation: { id: ids.inv, status: 'pending', sentCount: 1 } });
    expect(byEmail['exp@b.test']).toMatchObject({ badge: 'expired', invitation: { status: 'expired' } });
    expect(byEmail['dec@b.test']).toMatchObject({ badge: 'declined', invitation: { status: 'declined' } });
    expect(byEmail['rev@b.test']).toMatchObject({ badge: 'not_invited', invitation: { status: 'revoked' } });
    expect(byEmail['New@B.test']).toMatchObject({ badge: 'not_invited', invitation: null, source: 'api', teams: [], apps: [] });
  });

  test('pages by email with an opaque cursor and searches by case-insensitive prefix', async () => {
    const { apiToken } = await bootstrap(t, 'paging');
    const emails = ['p1@x.test', 'P2@x.test', 'p3@x.test', 'q1@x.test', 'p_4@x.test', 'guest@x.test'];
    await call(t, 'POST', '/api/v1/orgs/paging/invitations', { token: apiToken, body: { emails: emails.slice(0, 5), role: 'member', sendInvite: false } });
    await call(t, 'POST', '/api/v1/orgs/paging/members', { token: apiToken, body: { email: 'guest@x.test', role: 'guest' } });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: { items: { email: string }[]; nextCursor: string | null } } = await call(t, 'GET', `/api/v1/orgs/paging/members?limit=2&cursor=${cursor}`, { token: apiToken });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((m) => m.email));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(['admin@paging.test', 'guest@x.test', 'p1@x.test', 'P2@x.test', 'p3@x.test', 'p_4@x.test', 'q1@x.test']);
    const search = await call(t, 'GET', '/api/v1/orgs/paging/members?q=P&limit=2', { token: apiToken });
    expect(search.body.items.map((m: { email: string }) => m.email)).toEqual(['p1@x.test', 'P2@x.test']);
    const next = await call(t, 'GET', `/api/v1/orgs/paging/members?q=P&limit=2&cursor=${search.body.nextCursor}`, { token: apiToken });
    expect(next.body.items.map((m: { email: string }) => m.email)).toEqual(['p3@x.test', 'p_4@x.test']);
    const literal = await call(t, 'GET', '/api/v1/orgs/paging/members?q=p_', { token: apiToken });
    expect(literal.body.items.map((m: { email: string }) => m.email)).toEqual(['p_4@x.test']);
    const guests = await call(t, 'GET', '/api/v1/orgs/paging/members?role=guest&status=pending', { token: apiToken });
    expect(guests.body.items.map((m: { email: string }) => m.email)).toEqual(['guest@x.test']);
    const bad = await call(t, 'GET', '/api/v1/orgs/paging/members?cursor=nonsense&status=gone', { token: apiToken });
    expect(bad.status).toBe(400);
    expect((await call(t, 'GET', '/api/v1/orgs/paging/members?cursor=nonsense', { token: apiToken })).body.code).toBe('validation_failed');
  });
});

describe('adding one person', () => {
  test('adds a pending member without inviting, with teams and app access', async () => {
    const { apiToken, org } = await bootstrap(t, 'adding');
    const team = await call(t, 'POST', '/api/v1/orgs/adding/teams', { token: apiToken, body: { name: 'Ops' } });
    const app = await call(t, 'POST', '/api/v1/orgs/adding/apps', { token: apiToken, body: { name: 'Wiki' } });
    const res = await call(t, 'POST', '/api/v1/orgs/adding/members', {
      token: apiToken,
      body: { email: ' Gina@Adding.test ', name: 'Gina', role: 'guest', teams: [team.body.id], apps: [{ appId: app.body.id, appRole: 'write' }] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'Gina@Adding.test', name: 'Gina', role: 'guest', status: 'pending', badge: 'not_invited', accountId: null });
    expect(res.body.teams).toEqual([{ id: team.body.id, name: 'Ops' }]);
    expect(res.body.apps).toEqual([{ appId: app.body.id, appRole: 'write', name: 'Wiki' }]);
    expect(await countRows(t, 'invitations', org.id)).toBe(0);
    expect(await countRows(t, 'notifications', org.id)).toBe(0);
    const again = await call(t, 'POST', '/api/v1/orgs/adding/members', { token: apiToken, body: { email: 'gina@adding.test', role: 'member' } });
    expect([again.status, again.body.code]).toEqual([409, 'member_exists']);
    const admin = await call(t, 'POST', '/api/v1/orgs/adding/members', { token: apiToken, body: { email: 'admin@adding.test', role: 'member' } });
    expect([admin.status, admin.body.code]).toEqual([409, 'already_member']);
    const invalid = await call(t, 'POST', '/api/v1/orgs/adding/members', { token: apiToken, body: { email: 'Gina <g@adding.test>', role: 'member' } });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'invalid_email']);
    const unknownTeam = await call(t, 'POST', '/api/v1/orgs/adding/members', { token: apiToken, body: { email: 'h@adding.test', role: 'member', teams: ['00000000-0000-4000-8000-000000000000'] } });
    expect([unknownTeam.status, unknownTeam.body.code]).toEqual([404, 'team_not_found']);
    const sent = await call(t, 'POST', '/api/v1/orgs/adding/members', { token: apiToken, body: { email: 'sent@adding.test', role: 'member', sendInvite: true } });
    expect(sent.body).toMatchObject({ badge: 'invited', invitation: { status: 'pending', sentCount: 1 } });
    expect(await countRows(t, 'notifications', org.id)).toBe(1);
    expect(await countRows(t, 'members', org.id)).toBe(3);
  });

  test('refuses unknown fields and server-set fields, naming them', async () => {
    const { apiToken } = await bootstrap(t, 'strict');
    const res = await call(t, 'POST', '/api/v1/orgs/strict/members', { token: apiToken, body: { email: 'a@strict.test', role: 'member', orgId: 'x', status: 'active' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.detail).toContain('orgId');
    expect(res.body.detail).toContain('status');
    const role = await call(t, 'POST', '/api/v1/orgs/strict/members', { token: apiToken, body: { email: 'a@strict.test', role: 'owner' } });
    expect([role.status, role.body.detail]).toEqual([400, expect.stringContaining('role')]);
  });
});

describe('changing a member', () => {
  test('role, name, teams and app access; leaving the guest role drops app access', async () => {
    const { apiToken } = await bootstrap(t, 'patching');
    const [ops, dev] = await Promise.all(['Ops', 'Dev'].map((name) => call(t, 'POST', '/api/v1/orgs/patching/teams', { token: apiToken, body: { name } })));
    const wiki = await call(t, 'POST', '/api/v1/orgs/patching/apps', { token: apiToken, body: { name: 'Wiki' } });
    const added = await call(t, 'POST', '/api/v1/orgs/patching/members', { token: apiToken, body: { email: 'm@patching.test', role: 'guest' } });
    const path = `/api/v1/orgs/patching/members/${added.body.id}`;
    const patched = await call(t, 'PATCH', path, { token: apiToken, body: { name: 'Mia', teams: [ops!.body.id, dev!.body.id], apps: [{ appId: wiki.body.id, appRole: 'read' }] } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Mia', role: 'guest', teams: [{ name: 'Dev' }, { name: 'Ops' }], apps: [{ appId: wiki.body.id, appRole: 'read' }] });
    const unknown = await call(t, 'PATCH', path, { token: apiToken, body: { name: 'Changed', teams: ['00000000-0000-4000-8000-000000000000'] } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'team_not_found']);
    const twice = await call(t, 'PATCH', path, { token: apiToken, body: { apps: [{ appId: wiki.body.id, appRole: 'read' }, { appId: wiki.body.id, appRole: 'admin' }] } });
    expect([twice.status, twice.body.detail]).toEqual([400, 'apps: list each app once.']);
    const unknownApp = await call(t, 'PATCH', path, { token: apiToken, body: { apps: [{ appId: '00000000-0000-4000-8000-000000000000', appRole: 'read' }] } });
    expect([unknownApp.status, unknownApp.body.code]).toEqual([404, 'app_not_found']);
    expect((await call(t, 'GET', path, { token: apiToken })).body).toMatchObject({ name: 'Mia', teams: [{ name: 'Dev' }, { name: 'Ops' }] });
    const promoted = await call(t, 'PATCH', path, { token: apiToken, body: { role: 'member', teams: [ops!.body.id] } });
    expect(promoted.body).toMatchObject({ role: 'member', apps: [], teams: [{ name: 'Ops' }] });
    const apps = await call(t, 'PATCH', path, { token: apiToken, body: { apps: [{ appId: wiki.body.id, appRole: 'read' }] } });
    expect([apps.status, apps.body.code]).toEqual([400, 'validation_failed']);
    const bad = await call(t, 'PATCH', path, { token: apiToken, body: { role: 'owner', email: 'x@y.test' } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('email');
    expect(await actions('patching', apiToken)).toEqual(expect.arrayContaining(['member.created', 'member.updated', 'team.created', 'app.created']));
  });

  test('deactivates and reactivates a member who joined; one who never joined cannot be reactivated', async () => {
    const { apiToken } = await bootstrap(t, 'lifecycle');
    const { memberId, session } = await join('lifecycle', apiToken, 'j@lifecycle.test');
    expect((await call(t, 'GET', '/api/v1/orgs/lifecycle', { session })).status).toBe(200);
    const off = await call(t, 'PATCH', `/api/v1/orgs/lifecycle/members/${memberId}`, { token: apiToken, body: { status: 'deactivated' } });
    expect(off.body).toMatchObject({ status: 'deactivated' });
    expect((await call(t, 'GET', '/api/v1/orgs/lifecycle', { session })).status).toBe(404);
    const on = await call(t, 'PATCH', `/api/v1/orgs/lifecycle/members/${memberId}`, { token: apiToken, body: { status: 'active' } });
    expect(on.body).toMatchObject({ status: 'active', joinedAt: expect.any(String) });
    expect((await call(t, 'GET', '/api/v1/orgs/lifecycle', { session })).status).toBe(200);

    const pending = await call(t, 'POST', '/api/v1/orgs/lifecycle/members', { token: apiToken, body: { email: 'p@lifecycle.test', role: 'member', sendInvite: true } });
    const never = await call(t, 'PATCH', `/api/v1/orgs/lifecycle/members/${pending.body.id}`, { token: apiToken, body: { status: 'active' } });
    expect([never.status, never.body.code]).toEqual([409, 'member_never_joined']);
    const parked = await call(t, 'PATCH', `/api/v1/orgs/lifecycle/members/${pending.body.id}`, { token: apiToken, body: { status: 'deactivated' } });
    expect(parked.body).toMatchObject({ status: 'deactivated', invitation: null });
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: await latestInviteToken(t, 'p@lifecycle.test') } });
    expect(preview.body.code).toBe('invitation_revoked');
    expect(await actions('lifecycle', apiToken)).toEqual(expect.arrayContaining(['member.deactivated', 'member.reactivated', 'invitation.revoked']));
  });
});

describe('the last active admin', () => {
  test('cannot be demoted, deactivated or removed', async () => {
    const { apiToken, admin } = await bootstrap(t, 'lonely');
    const path = `/api/v1/orgs/lonely/members/${admin.id}`;
    for (const [method, body] of [['PATCH', { role: 'member' }], ['PATCH', { status: 'deactivated' }], ['DELETE', undefined]] as const) {
      const res = await call(t, method, path, { token: apiToken, body });
      expect([res.status, res.body.code]).toEqual([409, 'last_admin']);
    }
    expect((await call(t, 'GET', path, { token: apiToken })).body).toMatchObject({ role: 'admin', status: 'active' });
  });

  // A race: only PostgreSQL runs the two transactions at once (PGlite runs one at a time).
  test.skipIf(!process.env.DATABASE_URL)('of two admins demoting each other at once, exactly one demotion wins', async () => {
    const { apiToken, admin } = await bootstrap(t, 'duel');
    const second = await join('duel', apiToken, 'second@duel.test', 'admin');
    const results = await Promise.all(
      [admin.id, second.memberId].map((id) => call(t, 'PATCH', `/api/v1/orgs/duel/members/${id}`, { token: apiToken, body: { role: 'member' } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('last_admin');
    const admins = await call(t, 'GET', '/api/v1/orgs/duel/members?role=admin&status=active', { token: apiToken });
    expect(admins.body.items).toHaveLength(1);
  });
});

describe('removing a member', () => {
  test('ends their pending invitation, keeps it as history and is audited', async () => {
    const { apiToken, org } = await bootstrap(t, 'removing');
    const added = await call(t, 'POST', '/api/v1/orgs/removing/members', { token: apiToken, body: { email: 'gone@removing.test', role: 'member', sendInvite: true } });
    const link = await latestInviteToken(t, 'gone@removing.test');
    const res = await call(t, 'DELETE', `/api/v1/orgs/removing/members/${added.body.id}`, { token: apiToken });
    expect(res.status).toBe(204);
    expect((await call(t, 'GET', `/api/v1/orgs/removing/members/${added.body.id}`, { token: apiToken })).status).toBe(404);
    const rows = await sql<{ status: string; memberId: string | null }>`select status, member_id from invitations where org_id = ${org.id}::uuid`.execute(t.database.db);
    expect(rows.rows).toEqual([{ status: 'revoked', memberId: null }]);
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: link } })).body.code).toBe('invitation_revoked');
    expect(await actions('removing', apiToken)).toEqual(expect.arrayContaining(['member.removed', 'invitation.revoked']));
    expect((await call(t, 'DELETE', `/api/v1/orgs/removing/members/${added.body.id}`, { token: apiToken })).status).toBe(404);
  });
});

describe('who may do what', () => {
  test('a read token lists but cannot change; nobody grants a role above their own', async () => {
    const { apiToken, admin } = await bootstrap(t, 'readers');
    const read = await call(t, 'POST', '/api/v1/orgs/readers/api-tokens', { token: apiToken, body: { name: 'reader', scope: 'read' } });
    const token = read.body.token as string;
    expect((await call(t, 'GET', '/api/v1/orgs/readers/members', { token })).status).toBe(200);
    expect((await call(t, 'GET', `/api/v1/orgs/readers/members/${admin.id}`, { token })).status).toBe(200);
    const add = await call(t, 'POST', '/api/v1/orgs/readers/members', { token, body: { email: 'x@readers.test', role: 'guest' } });
    expect([add.status, add.body.code]).toEqual([403, 'forbidden']);
    const rename = await call(t, 'PATCH', `/api/v1/orgs/readers/members/${admin.id}`, { token, body: { name: 'X' } });
    expect([rename.status, rename.body.code]).toEqual([403, 'forbidden']);
    const above = await call(t, 'PATCH', `/api/v1/orgs/readers/members/${admin.id}`, { token, body: { role: 'admin' } });
    expect([above.status, above.body.code]).toEqual([403, 'role_above_own']);
    expect((await call(t, 'DELETE', `/api/v1/orgs/readers/members/${admin.id}`, { token })).status).toBe(403);
  });

  test('guests cannot list people', async () => {
    const { apiToken } = await bootstrap(t, 'guests');
    const { session } = await join('guests', apiToken, 'g@guests.test', 'guest');
    const res = await call(t, 'GET', '/api/v1/orgs/guests/members', { session });
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
  });

  test("another organization's member ids answer 404, malformed ids 400", async () => {
    const one = await bootstrap(t, 'tenant-one');
    const two = await bootstrap(t, 'tenant-two');
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
      const res = await call(t, method, `/api/v1/orgs/tenant-one/members/${two.admin.id}`, { token: one.apiToken, body });
      expect([res.status, res.body.code]).toEqual([404, 'member_not_found']);
    }
    expect((await call(t, 'GET', `/api/v1/orgs/tenant-two/members/${two.admin.id}`, { token: one.apiToken })).status).toBe(404);
    const malformed = await call(t, 'PATCH', '/api/v1/orgs/tenant-one/members/not-a-uuid', { token: one.apiToken, body: { name: 'x' } });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'validation_failed']);
    expect((await call(t, 'GET', `/api/v1/orgs/tenant-two/members/${two.admin.id}`, { token: two.apiToken })).status).toBe(200);
  });
});
