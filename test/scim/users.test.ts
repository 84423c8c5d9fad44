import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { ENTERPRISE, USER, filter, newUser, patch, scim, scimOrg } from './support.ts';

// Issue 11: SCIM Users over members (R14), checked afterwards through REST and the database.
let t: TestApp;
let org: Awaited<ReturnType<typeof scimOrg>>;
beforeAll(async () => {
  t = await createTestApp();
  org = await scimOrg(t, 'scim-users');
});
afterAll(async () => { await t.close(); });

const notifications = (email: string) => t.database.db.selectFrom('notifications').select(['kind', 'status']).where('recipient', '=', email).execute();
const member = async (id: string) => (await call(t, 'GET', `/api/v1/orgs/scim-users/members/${id}`, { token: org.admin })).body;

describe('tokens', () => {
  test('no token, a bad token: 401 with the SCIM Error schema; an admin token: 403; nothing is read', async () => {
    for (const token of [null, 'gl_not-a-token']) {
      const res = await scim(t, token, 'GET', '/Users');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const rest = await scim(t, org.admin, 'POST', '/Users', newUser('via-admin@example.com'));
    expect(rest.status).toBe(403);
    expect(rest.body.detail).toMatch(/scope scim/);
    expect(await notifications('via-admin@example.com')).toEqual([]);
  });

  test('creating a scim token answers the SCIM base URL from PUBLIC_URL; other tokens have none', async () => {
    const scimToken = await call(t, 'POST', '/api/v1/orgs/scim-users/api-tokens', { token: org.admin, body: { name: 'okta', scope: 'scim' } });
    expect(scimToken.body.scimBaseUrl).toBe('http://localhost:3000/scim/v2');
    const readToken = await call(t, 'POST', '/api/v1/orgs/scim-users/api-tokens', { token: org.admin, body: { name: 'reader', scope: 'read' } });
    expect(readToken.body.scimBaseUrl).toBeUndefined();
  });

  test('a scim token can do nothing on REST or GraphQL', async () => {
    expect((await call(t, 'GET', '/api/v1/orgs/scim-users/members', { token: org.scim })).status).toBe(404);
    expect((await call(t, 'POST', '/api/v1/orgs/scim-users/invitations', { token: org.scim, body: { emails: ['x@example.com'], role: 'member' } })).status).toBe(404);
    const gql = await call(t, 'POST', '/graphql', { token: org.scim, body: { query: '{account{id}}' } });
    expect(gql.body.data ?? null).toBeNull();
  });
});

describe('create', () => {
  test('creates a pending member with source scim, invites them, keeps the extension and never the password', async () => {
    const res = await scim(t, org.scim, 'POST', '/Users', newUser('Ada.Lovelace@Example.com', {
      schemas: [USER, ENTERPRISE], externalId: 'ada-1', password: 'hunter2-secret', displayName: 'Ada Lovelace',
      [ENTERPRISE]: { department: 'Engineering', manager: { value: 'boss-1' } },
    }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`http://localhost:3000/scim/v2/Users/${res.body.id}`);
    expect(res.body).toMatchObject({ userName: 'Ada.Lovelace@Example.com', externalId: 'ada-1', active: true, displayName: 'Ada Lovelace', [ENTERPRISE]: { department: 'Engineering' } });
    expect(res.body.password).toBeUndefined();
    expect(res.body.meta).toMatchObject({ resourceType: 'User', location: res.headers.get('location') });
    const m = await member(res.body.id);
    expect(m).toMatchObject({ email: 'Ada.Lovelace@Example.com', name: 'Ada Lovelace', status: 'pending', source: 'scim', role: 'member', badge: 'invited' });
    expect(await notifications('Ada.Lovelace@Example.com')).toEqual([{ kind: 'invitation', status: 'queued' }]);
    const stored = await t.database.db.selectFrom('members').select('scimAttributes').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.scimAttributes)).not.toContain('hunter2');
    const audit = await t.database.db.selectFrom('auditEvents' as any).select(['action', 'actor']).where('target', '=', `member:${res.body.id}`).execute();
    expect(audit).toContainEqual({ action: 'member.created', actor: `token:${org.scimTokenId}` });
  });

  test('accepts application/json; a duplicate address in any case answers 409 uniqueness and changes nothing', async () => {
    expect((await scim(t, org.scim, 'POST', '/Users', newUser('grace@example.com'), 'application/json')).status).toBe(201);
    const again = await scim(t, org.scim, 'POST', '/Users', newUser('GRACE@EXAMPLE.COM'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(await notifications('GRACE@EXAMPLE.COM')).toEqual([]);
    // A person an admin invited from the console is the same address too.
    await call(t, 'POST', '/api/v1/orgs/scim-users/invitations', { token: org.admin, body: { emails: ['invited@example.com'], role: 'member' } });
    expect((await scim(t, org.scim, 'POST', '/Users', newUser('invited@example.com'))).body.scimType).toBe('uniqueness');
  });

  test('bad input answers 400 naming what is wrong, and creates nothing', async () => {
    const bad = await scim(t, org.scim, 'POST', '/Users', newUser('not an address'));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ scimType: 'invalidValue' });
    expect(bad.body.detail).toMatch(/userName/);
    expect((await scim(t, org.scim, 'POST', '/Users', { schemas: [USER] })).body.detail).toMatch(/userName: required/);
    expect((await scim(t, org.scim, 'POST', '/Users', newUser('a@example.com', { active: 'maybe' }))).body.detail).toMatch(/active/);
    const syntax = await t.app.request('http://localhost:3000/scim/v2/Users', { method: 'POST', headers: { authorization: `Bearer ${org.scim}`, 'content-type': 'application/scim+json' }, body: '{"userName":' });
    expect(syntax.status).toBe(400);
    expect(((await syntax.json()) as any).scimType).toBe('invalidSyntax');
    expect((await scim(t, org.scim, 'GET', `/Users${filter('userName eq "a@example.com"')}`)).body.totalResults).toBe(0);
  });

  test('with notifications off, the member is created and no email leaves (the mute holds)', async () => {
    const o = await scimOrg(t, 'scim-muted');
    await call(t, 'PATCH', '/api/v1/orgs/scim-muted/settings', { token: o.admin, body: { notificationsEnabled: false } });
    const res = await scim(t, o.scim, 'POST', '/Users', newUser('quiet@example.com'));
    expect(res.status).toBe(201);
    expect(await notifications('quiet@example.com')).toEqual([]);
    expect((await call(t, 'GET', `/api/v1/orgs/scim-muted/members/${res.body.id}`, { token: o.admin })).body).toMatchObject({ status: 'pending', badge: 'not_invited', source: 'scim' });
  });
});

describe('read', () => {
  test('filters: userName (any case), externalId, emails of type work, displayName, with and; no match is an empty list', async () => {
    const { body } = await scim(t, org.scim, 'POST', '/Users', newUser('Filter.Me@Example.com', { externalId: 'ext-filter', displayName: 'Filter Me' }));
    for (const expression of ['userName eq "filter.me@example.com"', 'externalId eq "ext-filter"', 'emails[type eq "work"].value eq "FILTER.ME@example.com"', 'displayName eq "filter me"', 'userName eq "filter.me@example.com" and externalId eq "ext-filter"']) {
      const res = await scim(t, org.scim, 'GET', `/Users${filter(expression)}`);
      expect(res.status, expression).toBe(200);
      expect(res.body.totalResults, expression).toBe(1);
      expect(res.body.Resources[0].id, expression).toBe(body.id);
    }
    const none = await scim(t, org.scim, 'GET', `/Users${filter('userName eq "nobody@example.com"')}`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    expect((await scim(t, org.scim, 'GET', `/Users${filter('externalId eq "EXT-FILTER"')}`)).body.totalResults).toBe(0);
  });

  test('bad filters answer 400 invalidFilter', async () => {
    for (const expression of ['userName eq', 'nickName eq "x"', 'not (userName eq "a@example.com")', 'userName bogus "x"']) {
      const res = await scim(t, org.scim, 'GET', `/Users${filter(expression)}`);
      expect(res.status, expression).toBe(400);
      expect(res.body.scimType, expression).toBe('invalidFilter');
    }
  });

  test('startIndex/count paging: integers, a stable order, every user once; count=0 gives the total', async () => {
    const o = await scimOrg(t, 'scim-paging');
    for (let i = 0; i < 7; i++) await scim(t, o.scim, 'POST', '/Users', newUser(`page${i}@example.com`));
    const seen: string[] = [];
    for (let start = 1; start <= 8; start += 3) {
      const res = await scim(t, o.scim, 'GET', `/Users?startIndex=${start}&count=3`);
      expect(res.body).toMatchObject({ totalResults: 8, startIndex: start });
      expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
      seen.push(...res.body.Resources.map((r: any) => r.userName));
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect((await scim(t, o.scim, 'GET', '/Users?count=0')).body).toMatchObject({ totalResults: 8, itemsPerPage: 0, Resources: [] });
    expect((await scim(t, o.scim, 'GET', '/Users?count=abc')).status).toBe(400);
    // Another organization's users are not there.
    expect((await scim(t, o.scim, 'GET', `/Users${filter('userName eq "grace@example.com"')}`)).body.totalResults).toBe(0);
  });

  test('unknown ids and other organizations\' ids answer 404 with the Error schema', async () => {
    const other = (await scim(t, org.scim, 'GET', `/Users${filter('userName eq "grace@example.com"')}`)).body.Resources[0].id;
    const o = await scimOrg(t, 'scim-other');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', other]) {
      for (const method of ['GET', 'DELETE']) {
        const res = await scim(t, o.scim, method, `/Users/${id}`);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      }
      expect((await scim(t, o.scim, 'PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false }))).status).toBe(404);
    }
    expect((await member(other)).status).toBe('pending');
  });

  test('attributes and excludedAttributes trim the answer', async () => {
    const res = await scim(t, org.scim, 'GET', `/Users${filter('userName eq "grace@example.com"', '&attributes=userName')}`);
    expect(Object.keys(res.body.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    const ex = await scim(t, org.scim, 'GET', `/Users${filter('userName eq "grace@example.com"', '&excludedAttributes=groups,emails')}`);
    expect(ex.body.Resources[0].groups).toBeUndefined();
    expect(ex.body.Resources[0].userName).toBe('grace@example.com');
  });
});
