import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { ENTERPRISE, USER, filter, newUser, patch, scim, scimOrg } from './support.ts';

// Issue 11: provider behaviours found in review, each failing before its fix.
let t: TestApp;
let org: Awaited<ReturnType<typeof scimOrg>>;
beforeAll(async () => {
  t = await createTestApp();
  org = await scimOrg(t, 'scim-details');
});
afterAll(async () => { await t.close(); });

const create = async (email: string, extra: Record<string, unknown> = {}) => (await scim(t, org.scim, 'POST', '/Users', newUser(email, extra))).body.id as string;

test("Okta's SPEC test reads name.givenName and name.familyName of the first user, here the admin the console created", async () => {
  const first = (await scim(t, org.scim, 'GET', '/Users?count=1&startIndex=1')).body.Resources[0];
  expect(first.userName).toBe('admin@scim-details.test');
  expect(first.name.givenName).toBeTruthy();
  expect(first.name.familyName).toBeTruthy();
  expect(first.emails).toEqual([{ value: 'admin@scim-details.test', type: 'work', primary: true }]);
});

test("Entra's manager as a bare id (Add and Replace on the URN path) reads back as {value}", async () => {
  const id = await create('managed@example.com', { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { manager: { value: 'boss' } } });
  const add = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Add', path: `${ENTERPRISE}:manager`, value: 'boss2' }));
  expect(add.status).toBe(200);
  expect(add.body[ENTERPRISE].manager).toEqual({ value: 'boss2' });
  const replace = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', value: { [`${ENTERPRISE}:manager`]: 'boss3' } }));
  expect(replace.body[ENTERPRISE].manager).toEqual({ value: 'boss3' });
  expect((await scim(t, org.scim, 'POST', '/Users', newUser('managed2@example.com', { [ENTERPRISE]: { manager: 'boss' } }))).body[ENTERPRISE].manager).toEqual({ value: 'boss' });
});

test('a work email that is not the userName is found by the emails filter; a new userName carries the old address along in emails', async () => {
  const id = await create('upn@example.com');
  await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'mail@example.com' }));
  const found = await scim(t, org.scim, 'GET', `/Users${filter('emails[type eq "work"].value eq "MAIL@example.com"')}`);
  expect(found.body.Resources.map((r: any) => r.id)).toEqual([id]);
  const other = await create('renamed-upn@example.com');
  const moved = await scim(t, org.scim, 'PATCH', `/Users/${other}`, patch({ op: 'Replace', path: 'userName', value: 'moved-upn@example.com' }));
  expect(moved.body.emails).toEqual([{ value: 'moved-upn@example.com', type: 'work', primary: true }]);
});

test("an admin's rename stands when a later PATCH does not touch the name", async () => {
  const id = await create('renamed@example.com');
  await call(t, 'PATCH', `/api/v1/orgs/scim-details/members/${id}`, { token: org.admin, body: { name: 'Renamed By Admin' } });
  expect((await scim(t, org.scim, 'GET', `/Users/${id}`)).body.displayName).toBe('Renamed By Admin');
  await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } }));
  expect((await call(t, 'GET', `/api/v1/orgs/scim-details/members/${id}`, { token: org.admin })).body.name).toBe('Renamed By Admin');
});

test('attribute names in any case: filters and PATCH paths', async () => {
  const id = await create('cased@example.com', { externalId: 'cased-1' });
  expect((await scim(t, org.scim, 'GET', `/Users${filter('USERNAME eq "cased@example.com" and externalid eq "cased-1"')}`)).body.totalResults).toBe(1);
  const res = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'DisplayName', value: 'Cased Person' }, { op: 'replace', path: 'Emails[Type eq "work"].Value', value: 'cased@example.com' }));
  expect(res.body.displayName).toBe('Cased Person');
  expect(res.body.DisplayName).toBeUndefined();
  expect(res.body.emails).toEqual([{ value: 'cased@example.com', type: 'work', primary: true }]);
});

test("a path-less replace naming a filtered path (Entra's aadOptscim062020 form) changes that entry, not a new attribute", async () => {
  const id = await create('pathless@example.com');
  const res = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'replace', value: { 'emails[type eq "work"].value': 'pathless-work@example.com', 'name.familyName': 'Pathless' } }));
  expect(res.status).toBe(200);
  expect(res.body.emails[0].value).toBe('pathless-work@example.com');
  expect(res.body.name.familyName).toBe('Pathless');
  expect(Object.keys(res.body).filter((k) => k.includes('['))).toEqual([]);
});

test('NUL characters answer 400, never 500; bad active filters answer 400; discovery is read-only (405); huge counts are capped', async () => {
  expect((await scim(t, org.scim, 'GET', `/Users${filter('displayName eq "a\u0000b"')}`)).status).toBe(400);
  expect((await scim(t, org.scim, 'POST', '/Users', newUser('nul@example.com', { title: 'a\u0000b' }))).status).toBe(400);
  expect((await scim(t, org.scim, 'POST', '/Groups', { displayName: 'a\u0000b' })).status).toBe(400);
  expect((await scim(t, org.scim, 'GET', `/Users${filter('active eq "abc"')}`)).body.scimType).toBe('invalidFilter');
  expect((await scim(t, org.scim, 'POST', '/ServiceProviderConfig', {})).status).toBe(405);
  const big = await scim(t, org.scim, 'GET', '/Users?count=99999999999');
  expect(big.status).toBe(200);
  expect(big.body.itemsPerPage).toBe(big.body.totalResults);
});

test('meta.lastModified moves when only active changes; null attributes are not echoed', async () => {
  const created = (await scim(t, org.scim, 'POST', '/Users', newUser('stamp@example.com', { title: null }))).body;
  expect('title' in created).toBe(false);
  await new Promise((r) => setTimeout(r, 5));
  const off = await scim(t, org.scim, 'PUT', `/Users/${created.id}`, { ...created, active: false });
  expect(off.body.meta.lastModified > created.meta.lastModified).toBe(true);
});

test('stored fields are bounded (PRODUCT §4.3): over 16 KB of other attributes, or an externalId over 512 characters, answers 400 and creates nothing', async () => {
  const big = await scim(t, org.scim, 'POST', '/Users', newUser('big@example.com', { title: 'x'.repeat(17 * 1024) }));
  expect(big.status).toBe(400);
  expect(big.body.detail).toMatch(/16384 bytes/);
  const longId = await scim(t, org.scim, 'POST', '/Users', newUser('big@example.com', { externalId: 'e'.repeat(513) }));
  expect(longId.status).toBe(400);
  expect(longId.body.detail).toMatch(/externalId/);
  expect((await scim(t, org.scim, 'GET', `/Users${filter('userName eq "big@example.com"')}`)).body.totalResults).toBe(0);
  const group = await scim(t, org.scim, 'POST', '/Groups', { displayName: 'g'.repeat(201) });
  expect(group.status).toBe(400);
  expect(group.body.detail).toMatch(/displayName/);
});
