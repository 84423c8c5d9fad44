import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { filter, newUser, patch, scim, scimOrg } from './support.ts';

// Issue 11: what SCIM changes do to members (R14, PRODUCT §1.2/§1.3), checked through REST.
let t: TestApp;
let org: Awaited<ReturnType<typeof scimOrg>>;
beforeAll(async () => {
  t = await createTestApp();
  org = await scimOrg(t, 'scim-life');
});
afterAll(async () => { await t.close(); });

const rest = (path: string) => call(t, 'GET', `/api/v1/orgs/scim-life${path}`, { token: org.admin });
const invitations = async (email: string) =>
  (await t.database.db.selectFrom('invitations').select(['status', 'email']).where('emailNormalized', '=', email.toLowerCase()).orderBy('createdAt').execute()).map((i) => i.status);
const create = async (email: string, extra: Record<string, unknown> = {}) => {
  const res = await scim(t, org.scim, 'POST', '/Users', newUser(email, extra));
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe('active', () => {
  test('"False" deactivates at once and ends the invitation; GET and filters still return the user; "True" brings them back pending and invites again', async () => {
    const id = await create('toggle@example.com');
    const off = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'False' }));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await rest(`/members/${id}`)).body.status).toBe('deactivated');
    expect(await invitations('toggle@example.com')).toEqual(['revoked']);
    expect((await scim(t, org.scim, 'GET', `/Users/${id}`)).body.active).toBe(false);
    expect((await scim(t, org.scim, 'GET', `/Users${filter('userName eq "toggle@example.com" and active eq false')}`)).body.totalResults).toBe(1);

    const on = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', value: { active: 'True' } }));
    expect(on.body.active).toBe(true);
    expect((await rest(`/members/${id}`)).body).toMatchObject({ status: 'pending', badge: 'invited' });
    expect(await invitations('toggle@example.com')).toEqual(['revoked', 'pending']);
    const audit = (await t.database.db.selectFrom('auditEvents' as any).select('action').where('target', '=', `member:${id}`).orderBy('at').execute()).map((a: any) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['member.created', 'member.deactivated', 'member.reactivated']));
  });

  test('created inactive: added deactivated, nothing sent', async () => {
    const id = await create('inactive@example.com', { active: false });
    expect((await rest(`/members/${id}`)).body.status).toBe('deactivated');
    expect(await invitations('inactive@example.com')).toEqual([]);
  });

  test('the only active admin cannot be deactivated: 409, nothing changes', async () => {
    const admin = (await rest('/members?role=admin')).body.items[0];
    // The only active admin cannot be deactivated (last_admin): 409, nothing changes.
    const last = await scim(t, org.scim, 'PATCH', `/Users/${admin.id}`, patch({ op: 'replace', path: 'active', value: false }));
    expect(last.status).toBe(409);
    expect(last.body.detail).toMatch(/last active admin/);
    expect((await rest(`/members/${admin.id}`)).body.status).toBe('active');
  });

  test('with notifications off, reactivation sends nothing', async () => {
    const id = await create('muted-toggle@example.com');
    await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false }));
    await call(t, 'PATCH', '/api/v1/orgs/scim-life/settings', { token: org.admin, body: { notificationsEnabled: false } });
    try {
      await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: true }));
      expect((await rest(`/members/${id}`)).body).toMatchObject({ status: 'pending', badge: 'not_invited' });
      expect(await invitations('muted-toggle@example.com')).toEqual(['revoked']);
    } finally {
      await call(t, 'PATCH', '/api/v1/orgs/scim-life/settings', { token: org.admin, body: { notificationsEnabled: true } });
    }
  });
});

describe('updates', () => {
  test("Okta's GET-then-PUT: the name changes, the address stays, the password is dropped", async () => {
    const id = await create('okta.put@example.com', { displayName: 'Okta Put' });
    const current = (await scim(t, org.scim, 'GET', `/Users/${id}`)).body;
    const put = await scim(t, org.scim, 'PUT', `/Users/${id}`, { ...current, displayName: 'Okta Renamed', name: { givenName: 'Okta', familyName: 'Renamed' }, password: 'secret-pw' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: 'Okta Renamed', userName: 'okta.put@example.com', active: true });
    expect((await rest(`/members/${id}`)).body.name).toBe('Okta Renamed');
    expect(JSON.stringify(put.body)).not.toContain('secret-pw');
  });

  test('a new userName moves the member to the new address: the old link ends, the new address is invited; a taken address answers 409', async () => {
    const id = await create('old.name@example.com');
    const res = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'userName', value: 'New.Name@example.com' }));
    expect(res.status).toBe(200);
    expect(res.body.userName).toBe('New.Name@example.com');
    expect((await rest(`/members/${id}`)).body.email).toBe('New.Name@example.com');
    expect(await invitations('old.name@example.com')).toEqual(['revoked']);
    expect(await invitations('new.name@example.com')).toEqual(['pending']);
    await create('taken@example.com');
    const taken = await scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'userName', value: 'TAKEN@example.com' }));
    expect(taken.status).toBe(409);
    expect(taken.body.scimType).toBe('uniqueness');
    expect((await rest(`/members/${id}`)).body.email).toBe('New.Name@example.com');
  });

  test('bad PATCH bodies answer 400 and change nothing', async () => {
    const id = await create('bad.patch@example.com', { displayName: 'Bad Patch' });
    const cases: [unknown, string][] = [
      [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }, 'invalidSyntax'],
      [patch({ op: 'Move', path: 'displayName', value: 'x' }), 'invalidSyntax'],
      [patch({ op: 'remove' }), 'noTarget'],
      [patch({ op: 'replace', path: 'active', value: 'perhaps' }), 'invalidValue'],
      [patch({ op: 'replace', path: 'displayName', value: 'x'.repeat(201) }), 'invalidValue'],
    ];
    for (const [body, scimType] of cases) {
      const res = await scim(t, org.scim, 'PATCH', `/Users/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.scimType, JSON.stringify(body)).toBe(scimType);
    }
    expect((await rest(`/members/${id}`)).body).toMatchObject({ name: 'Bad Patch', status: 'pending' });
  });

  test('DELETE removes the member and ends the invitation; GET then answers 404', async () => {
    const id = await create('leaver@example.com');
    const res = await scim(t, org.scim, 'DELETE', `/Users/${id}`);
    expect(res.status).toBe(204);
    expect((await rest(`/members/${id}`)).status).toBe(404);
    expect(await invitations('leaver@example.com')).toEqual(['revoked']);
    expect((await scim(t, org.scim, 'GET', `/Users/${id}`)).status).toBe(404);
    const audit = await t.database.db.selectFrom('auditEvents' as any).select(['action', 'actor']).where('target', '=', `member:${id}`).where('action', '=', 'member.removed').execute();
    expect(audit).toEqual([{ action: 'member.removed', actor: `token:${org.scimTokenId}` }]);
  });
});
