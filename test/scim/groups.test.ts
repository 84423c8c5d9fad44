import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { GROUP, filter, newUser, patch, scim, scimOrg } from './support.ts';

// Issue 11: SCIM Groups over teams, checked through REST.
let t: TestApp;
let org: Awaited<ReturnType<typeof scimOrg>>;
const users: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  org = await scimOrg(t, 'scim-groups');
  for (let i = 0; i < 4; i++) users.push((await scim(t, org.scim, 'POST', '/Users', newUser(`g${i}@example.com`))).body.id);
});
afterAll(async () => { await t.close(); });

const teamMembers = async (teamId: string) =>
  (await t.database.db.selectFrom('teamMembers' as any).select('memberId').where('teamId', '=', teamId).execute()).map((r: any) => r.memberId).sort();
const restTeam = async (teamId: string) => ((await call(t, 'GET', '/api/v1/orgs/scim-groups/teams', { token: org.admin })).body.items as any[]).find((x) => x.id === teamId);

test('create with members (Entra adds its own schema URN): a team with those members; the same name again answers 409', async () => {
  const res = await scim(t, org.scim, 'POST', '/Groups', {
    schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], externalId: 'grp-1', displayName: 'Platform',
    members: [{ value: users[0] }, { value: users[1], display: 'g1' }],
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ schemas: [GROUP], displayName: 'Platform', externalId: 'grp-1' });
  expect(res.body.members.map((m: any) => m.value).sort()).toEqual([users[0], users[1]].sort());
  expect(await restTeam(res.body.id)).toMatchObject({ name: 'Platform', memberCount: 2 });
  expect((await call(t, 'GET', `/api/v1/orgs/scim-groups/members/${users[0]}`, { token: org.admin })).body.teams).toEqual([{ id: res.body.id, name: 'Platform' }]);
  const user = await scim(t, org.scim, 'GET', `/Users/${users[0]}`);
  expect(user.body.groups).toEqual([{ value: res.body.id, display: 'Platform', $ref: `http://localhost:3000/scim/v2/Groups/${res.body.id}` }]);
  const again = await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Platform' });
  expect(again.status).toBe(409);
  expect(again.body.scimType).toBe('uniqueness');
});

test('PATCH: rename (Replace), add by value list, remove by filter and by value list, Okta\'s replace {id, displayName}: 204 each; removing a non-member is not an error', async () => {
  const id = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Ops' })).body.id;
  const steps = [
    patch({ op: 'Replace', path: 'displayName', value: 'Operations' }),
    patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: users[0] }, { value: users[1] }, { value: users[2] }] }),
    patch({ op: 'remove', path: `members[value eq "${users[0]}"]` }),
    patch({ op: 'Remove', path: 'members', value: [{ value: users[1] }] }),
    patch({ op: 'remove', path: `members[value eq "${users[3]}"]` }),
    patch({ op: 'replace', value: { id, displayName: 'Operations Team' } }),
  ];
  for (const body of steps) expect((await scim(t, org.scim, 'PATCH', `/Groups/${id}`, body)).status, JSON.stringify(body)).toBe(204);
  expect(await teamMembers(id)).toEqual([users[2]]);
  expect(await restTeam(id)).toMatchObject({ name: 'Operations Team', memberCount: 1 });
  const audit = (await t.database.db.selectFrom('auditEvents' as any).select(['action', 'actor']).where('target', '=', `team:${id}`).execute()).map((a: any) => a.action);
  expect(audit).toEqual(expect.arrayContaining(['team.created', 'team.updated', 'team.members_added', 'team.members_removed']));
});

test('PUT replaces the member list; an unknown member id answers 400 naming it and changes nothing', async () => {
  const id = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Put', members: [{ value: users[0] }] })).body.id;
  const put = await scim(t, org.scim, 'PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Put', members: [{ value: users[1] }, { value: users[2] }] });
  expect(put.status).toBe(200);
  expect(await teamMembers(id)).toEqual([users[1], users[2]].sort());
  const bad = await scim(t, org.scim, 'PATCH', `/Groups/${id}`, patch({ op: 'add', path: 'members', value: [{ value: users[3] }, { value: '00000000-0000-4000-8000-000000000001' }] }));
  expect(bad.status).toBe(400);
  expect(bad.body.detail).toContain('00000000-0000-4000-8000-000000000001');
  expect(await teamMembers(id)).toEqual([users[1], users[2]].sort());
});

test('filters (displayName in any case; externalId; membership), excludedAttributes=members; DELETE keeps the members', async () => {
  const created = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Finder', externalId: 'find-1', members: [{ value: users[3] }] })).body;
  expect((await scim(t, org.scim, 'GET', `/Groups${filter('displayName eq "FINDER"')}`)).body.totalResults).toBe(1);
  expect((await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: 'FINDER' })).body.scimType).toBe('uniqueness');
  const byName = await scim(t, org.scim, 'GET', `/Groups${filter('DisplayName eq "Finder"', '&excludedAttributes=members')}`);
  expect(byName.body.totalResults).toBe(1);
  expect(byName.body.Resources[0].members).toBeUndefined();
  expect((await scim(t, org.scim, 'GET', `/Groups${filter('externalId eq "find-1"')}`)).body.Resources[0].members).toHaveLength(1);
  expect((await scim(t, org.scim, 'GET', `/Groups${filter(`id eq "${created.id}" and members[value eq "${users[3]}"]`)}`)).body.totalResults).toBe(1);
  expect((await scim(t, org.scim, 'GET', `/Groups${filter(`id eq "${created.id}" and members eq "${users[0]}"`)}`)).body.totalResults).toBe(0);
  expect((await scim(t, org.scim, 'GET', `/Groups/${created.id}?excludedAttributes=members`)).body.members).toBeUndefined();
  expect((await scim(t, org.scim, 'DELETE', `/Groups/${created.id}`)).status).toBe(204);
  expect((await scim(t, org.scim, 'GET', `/Groups/${created.id}`)).status).toBe(404);
  expect((await scim(t, org.scim, 'PATCH', `/Groups/${created.id}`, patch({ op: 'replace', path: 'displayName', value: 'x' }))).status).toBe(404);
  expect((await scim(t, org.scim, 'GET', `/Users/${users[3]}`)).status).toBe(200);
});

test('discovery: ServiceProviderConfig, Schemas and ResourceTypes describe what is supported', async () => {
  const spc = await scim(t, org.scim, 'GET', '/ServiceProviderConfig');
  expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 1000 }, bulk: { supported: false }, authenticationSchemes: [{ type: 'oauthbearertoken' }] });
  const schemas = await scim(t, org.scim, 'GET', '/Schemas');
  expect(schemas.body.Resources.map((s: any) => s.id)).toEqual([
    'urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group',
  ]);
  expect((await scim(t, org.scim, 'GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body.attributes.some((a: any) => a.name === 'userName')).toBe(true);
  const types = await scim(t, org.scim, 'GET', '/ResourceTypes');
  expect(types.body.Resources.map((r: any) => [r.id, r.endpoint])).toEqual([['User', '/Users'], ['Group', '/Groups']]);
  expect((await scim(t, org.scim, 'GET', '/ResourceTypes/Group')).body.schema).toBe(GROUP);
  expect((await scim(t, org.scim, 'GET', '/Bulk')).status).toBe(404);
});
