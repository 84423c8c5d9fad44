import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, type Session } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

/** Invites with these options and accepts as a new person, returning their session. */
async function joinWith(slug: string, apiToken: string, email: string, body: Record<string, unknown>): Promise<Session> {
  await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: [email], ...body } });
  const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, email), name: 'N', password: 'correct horse battery' } });
  expect(accepted.status).toBe(200);
  return signIn(t, email);
}

describe('apps', () => {
  test('admins create, list and delete apps; names are unique per organization', async () => {
    const { apiToken } = await bootstrap(t, 'apps-org');
    const other = await bootstrap(t, 'apps-other');
    const wiki = await call(t, 'POST', '/api/v1/orgs/apps-org/apps', { token: apiToken, body: { name: ' Wiki ' } });
    expect(wiki.status).toBe(201);
    expect(wiki.body).toMatchObject({ name: 'Wiki', appRole: null });
    const dup = await call(t, 'POST', '/api/v1/orgs/apps-org/apps', { token: apiToken, body: { name: 'Wiki' } });
    expect([dup.status, dup.body.code]).toEqual([409, 'app_name_taken']);
    expect((await call(t, 'POST', '/api/v1/orgs/apps-other/apps', { token: other.apiToken, body: { name: 'Wiki' } })).status).toBe(201);
    await call(t, 'POST', '/api/v1/orgs/apps-org/apps', { token: apiToken, body: { name: 'Board' } });
    const list = await call(t, 'GET', '/api/v1/orgs/apps-org/apps', { token: apiToken });
    expect(list.body.items.map((a: { name: string }) => a.name)).toEqual(['Board', 'Wiki']);

    const bad = await call(t, 'POST', '/api/v1/orgs/apps-org/apps', { token: apiToken, body: { name: '', orgId: other.org.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('orgId');
    const foreign = await call(t, 'DELETE', `/api/v1/orgs/apps-other/apps/${wiki.body.id}`, { token: other.apiToken });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'app_not_found']);
    expect((await call(t, 'DELETE', '/api/v1/orgs/apps-org/apps/123', { token: apiToken })).status).toBe(400);
    expect((await call(t, 'DELETE', `/api/v1/orgs/apps-org/apps/${wiki.body.id}`, { token: apiToken })).status).toBe(204);
    expect((await call(t, 'DELETE', `/api/v1/orgs/apps-org/apps/${wiki.body.id}`, { token: apiToken })).status).toBe(404);
    const events = await call(t, 'GET', '/api/v1/orgs/apps-org/audit-events', { token: apiToken });
    expect(events.body.items.map((e: { action: string }) => e.action).slice(0, 3)).toEqual(['app.deleted', 'app.created', 'app.created']);
  });

  test('guests see only the apps they were given, with their app role; members see all', async () => {
    const { apiToken } = await bootstrap(t, 'guest-apps');
    const [wiki, board] = await Promise.all(['Wiki', 'Board'].map((name) => call(t, 'POST', '/api/v1/orgs/guest-apps/apps', { token: apiToken, body: { name } })));
    const guest = await joinWith('guest-apps', apiToken, 'g@guest-apps.test', { role: 'guest', apps: [{ appId: wiki!.body.id, appRole: 'write' }] });
    const member = await joinWith('guest-apps', apiToken, 'm@guest-apps.test', { role: 'member' });
    const seen = await call(t, 'GET', '/api/v1/orgs/guest-apps/apps', { session: guest });
    expect(seen.body.items).toEqual([expect.objectContaining({ id: wiki!.body.id, name: 'Wiki', appRole: 'write' })]);
    const all = await call(t, 'GET', '/api/v1/orgs/guest-apps/apps', { session: member });
    expect(all.body.items.map((a: { id: string; appRole: null }) => [a.id, a.appRole])).toEqual([[board!.body.id, null], [wiki!.body.id, null]]);
    const create = await call(t, 'POST', '/api/v1/orgs/guest-apps/apps', { session: member, body: { name: 'Mine' } });
    expect([create.status, create.body.code]).toEqual([403, 'forbidden']);
    // The Users list shows each member's app access (only the guest has any).
    const people = await call(t, 'GET', '/api/v1/orgs/guest-apps/members?limit=50', { token: apiToken });
    const apps = Object.fromEntries(people.body.items.map((m: { email: string; apps: { name: string; appRole: string }[] }) => [m.email, m.apps.map((a) => [a.name, a.appRole])]));
    expect(apps).toMatchObject({ 'g@guest-apps.test': [['Wiki', 'write']], 'm@guest-apps.test': [] });
  });
});

describe('teams', () => {
  test('admins create and delete teams; each shows its member count; membership is set on the member', async () => {
    const { apiToken, admin } = await bootstrap(t, 'teams-org');
    const ops = await call(t, 'POST', '/api/v1/orgs/teams-org/teams', { token: apiToken, body: { name: 'Ops' } });
    expect(ops.status).toBe(201);
    expect(ops.body).toMatchObject({ name: 'Ops', memberCount: 0 });
    const dev = await call(t, 'POST', '/api/v1/orgs/teams-org/teams', { token: apiToken, body: { name: 'Dev' } });
    const dup = await call(t, 'POST', '/api/v1/orgs/teams-org/teams', { token: apiToken, body: { name: 'Ops' } });
    expect([dup.status, dup.body.code]).toEqual([409, 'team_name_taken']);
    const added = await call(t, 'POST', '/api/v1/orgs/teams-org/members', { token: apiToken, body: { email: 'x@teams.test', role: 'member', teams: [ops.body.id] } });
    await call(t, 'PATCH', `/api/v1/orgs/teams-org/members/${admin.id}`, { token: apiToken, body: { teams: [ops.body.id, dev.body.id] } });
    const list = await call(t, 'GET', '/api/v1/orgs/teams-org/teams', { token: apiToken });
    expect(list.body.items.map((x: { name: string; memberCount: number }) => [x.name, x.memberCount])).toEqual([['Dev', 1], ['Ops', 2]]);
    // The Users list shows each member's teams by name; an organization without any shows none.
    const people = await call(t, 'GET', '/api/v1/orgs/teams-org/members?limit=50', { token: apiToken });
    const teams = Object.fromEntries(people.body.items.map((m: { id: string; teams: { name: string }[] }) => [m.id, m.teams.map((x) => x.name)]));
    expect(teams).toEqual({ [admin.id]: ['Dev', 'Ops'], [added.body.id]: ['Ops'] });
    const without = await bootstrap(t, 'teams-none');
    const none = await call(t, 'GET', '/api/v1/orgs/teams-none/members?limit=50', { token: without.apiToken });
    expect(none.body.items.map((m: { teams: unknown[]; apps: unknown[] }) => [m.teams, m.apps])).toEqual([[[], []]]);

    expect((await call(t, 'DELETE', `/api/v1/orgs/teams-org/teams/${ops.body.id}`, { token: apiToken })).status).toBe(204);
    const member = await call(t, 'GET', `/api/v1/orgs/teams-org/members/${added.body.id}`, { token: apiToken });
    expect(member.body).toMatchObject({ status: 'pending', teams: [] });
    const again = await call(t, 'DELETE', `/api/v1/orgs/teams-org/teams/${ops.body.id}`, { token: apiToken });
    expect([again.status, again.body.code]).toEqual([404, 'team_not_found']);
    const other = await bootstrap(t, 'teams-other');
    expect((await call(t, 'DELETE', `/api/v1/orgs/teams-other/teams/${dev.body.id}`, { token: other.apiToken })).status).toBe(404);
    expect((await call(t, 'GET', '/api/v1/orgs/teams-org/teams', { token: other.apiToken })).status).toBe(404);
    const events = await call(t, 'GET', '/api/v1/orgs/teams-org/audit-events?action=team.deleted', { token: apiToken });
    expect(events.body.items).toEqual([expect.objectContaining({ target: `team:${ops.body.id}`, data: { name: 'Ops' } })]);
  });

  test('guests cannot list teams; read tokens can but cannot create', async () => {
    const { apiToken } = await bootstrap(t, 'teams-guest');
    const guest = await joinWith('teams-guest', apiToken, 'g@teams-guest.test', { role: 'guest' });
    expect((await call(t, 'GET', '/api/v1/orgs/teams-guest/teams', { session: guest })).status).toBe(403);
    const read = await call(t, 'POST', '/api/v1/orgs/teams-guest/api-tokens', { token: apiToken, body: { name: 'r', scope: 'read' } });
    expect((await call(t, 'GET', '/api/v1/orgs/teams-guest/teams', { token: read.body.token })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/orgs/teams-guest/teams', { token: read.body.token, body: { name: 'X' } })).status).toBe(403);
  });
});
