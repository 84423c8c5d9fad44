import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, signUp } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ ORG_CREATION: 'anyone' }); });
afterAll(async () => { await t.close(); });

describe('organizations', () => {
  test('a signed-in person creates an organization and becomes its admin', async () => {
    const session = await signUp(t, 'founder@example.test', 'Founder');
    const created = await call(t, 'POST', '/api/v1/orgs', { session, body: { slug: 'founders', name: 'Founders Inc' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'founders', role: 'admin', settings: { notificationsEnabled: true, invitationTtlDays: 7 } });
    const me = await call(t, 'GET', '/api/v1/me', { session });
    expect(me.body.organizations).toEqual([expect.objectContaining({ slug: 'founders', role: 'admin' })]);
    const again = await call(t, 'POST', '/api/v1/orgs', { session, body: { slug: 'founders', name: 'Other' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('org_slug_taken');
  });

  test('a cookie-authenticated write without the CSRF token is refused', async () => {
    const session = await signUp(t, 'csrf@example.test');
    const res = await call(t, 'POST', '/api/v1/orgs', { session: { ...session, csrf: 'wrong' }, body: { slug: 'csrf-org', name: 'X' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
  });

  test('settings are validated and changed by admins only', async () => {
    const boot = await bootstrap(t, 'settings-org');
    const bad = await call(t, 'PATCH', '/api/v1/orgs/settings-org/settings', { token: boot.apiToken, body: { invitationTtlDays: 31, orgId: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.detail).toContain('invitationTtlDays');
    expect(bad.body.detail).toContain('orgId');
    const ok = await call(t, 'PATCH', `/api/v1/orgs/${boot.org.id}/settings`, { token: boot.apiToken, body: { notificationsEnabled: false, invitationTtlDays: 14 } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({ notificationsEnabled: false, invitationTtlDays: 14 });
    const admin = await signIn(t, 'admin@settings-org.test');
    const read = await call(t, 'GET', '/api/v1/orgs/settings-org', { session: admin });
    expect(read.body.role).toBe('admin');
  });

  test("another organization's token answers 404", async () => {
    await bootstrap(t, 'org-one');
    const two = await bootstrap(t, 'org-two');
    const res = await call(t, 'GET', '/api/v1/orgs/org-one', { token: two.apiToken });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  test('the OpenAPI document describes the API', async () => {
    const res = await call(t, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/orgs/{org}/settings');
  });
});
