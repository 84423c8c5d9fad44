import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { countRows } from '../support/invitations.ts';

let t: TestApp;
let token: string;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  const boot = await bootstrap(t, 'strict');
  token = boot.apiToken;
  orgId = boot.org.id;
});
afterAll(async () => { await t.close(); });

/** Every table the invite path writes to, to prove a refused request wrote nothing. */
async function snapshot() {
  return Promise.all((['members', 'invitations', 'notifications', 'audit_events'] as const).map((table) => countRows(t, table, orgId)));
}

describe('bad input gets a clear 4xx and changes nothing', () => {
  test.each([
    ['an unknown role', { emails: ['a@strict.test'], role: 'owner' }, 'body.role'],
    ['a server-set field', { emails: ['a@strict.test'], role: 'member', orgId: '00000000-0000-4000-8000-000000000000' }, 'orgId'],
    ['a status field', { emails: ['a@strict.test'], role: 'member', status: 'active' }, 'status'],
    ['no addresses', { emails: [], role: 'member' }, 'body.emails'],
    ['a name for several people', { emails: ['a@strict.test', 'b@strict.test'], role: 'member', name: 'Both' }, 'name'],
    ['apps for a member', { emails: ['a@strict.test'], role: 'member', apps: [{ appId: '00000000-0000-4000-8000-000000000000', appRole: 'read' }] }, 'apps'],
    ['the same app twice', { emails: ['a@strict.test'], role: 'guest', apps: [{ appId: '00000000-0000-4000-8000-000000000000', appRole: 'read' }, { appId: '00000000-0000-4000-8000-000000000000', appRole: 'write' }] }, 'apps'],
    ['a malformed app id', { emails: ['a@strict.test'], role: 'guest', apps: [{ appId: 'nope', appRole: 'read' }] }, 'appId'],
  ])('%s', async (_label, body, named) => {
    const before = await snapshot();
    const res = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.detail).toContain(named);
    expect(await snapshot()).toEqual(before);
  });

  test('an unknown app fails the whole request with app_not_found', async () => {
    const before = await snapshot();
    const res = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body: { emails: ['g@strict.test'], role: 'guest', apps: [{ appId: '00000000-0000-4000-8000-000000000000', appRole: 'read' }] } });
    expect([res.status, res.body.code]).toEqual([404, 'app_not_found']);
    expect(await snapshot()).toEqual(before);
  });

  test('bad addresses fail one by one with a reason, CR/LF and over-long ones included', async () => {
    const emails = ['ok@strict.test', 'Ada <ada@strict.test>', '"q"@strict.test', 'x@strict.test\r\nBcc: y@evil.test', `${'a'.repeat(250)}@strict.test`, 'no-at-sign'];
    const res = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body: { emails, role: 'member' } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => r.outcome)).toEqual(['invited', 'failed', 'failed', 'failed', 'failed', 'failed']);
    const reasons = res.body.results.slice(1).map((r: any) => r.message);
    expect(reasons).toEqual([
      expect.stringContaining('display name'),
      expect.stringContaining('quoted'),
      expect.stringContaining('line break'),
      expect.stringContaining('254'),
      expect.stringContaining('@'),
    ]);
  });

  test('more than 10,000 addresses in one call is refused whole', async () => {
    const before = await snapshot();
    const emails = Array.from({ length: 10_001 }, (_, i) => `u${i}@strict.test`);
    const res = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body: { emails, role: 'member' } });
    expect([res.status, res.body.code]).toEqual([413, 'batch_too_large']);
    expect(res.body.detail).toContain('10000');
    expect(await snapshot()).toEqual(before);
  });

  test('wrong content type, malformed JSON and malformed ids', async () => {
    const form = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body: 'emails=a@strict.test&role=member', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
    const broken = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body: '{"emails": [', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    const badId = await call(t, 'POST', '/api/v1/orgs/strict/invitations/not-a-uuid/resend', { token });
    expect([badId.status, badId.body.code]).toEqual([400, 'validation_failed']);
    const badCursor = await call(t, 'GET', '/api/v1/orgs/strict/invitations?cursor=garbage', { token });
    expect([badCursor.status, badCursor.body.code]).toEqual([400, 'validation_failed']);
    const badAuth = await call(t, 'GET', '/api/v1/orgs/strict', { headers: { authorization: 'Basic abc' } });
    expect([badAuth.status, badAuth.body.code]).toEqual([401, 'unauthenticated']);
    const unknownToken = await call(t, 'GET', '/api/v1/orgs/strict', { token: 'glt_not-a-real-token' });
    expect(unknownToken.status).toBe(401);
  });

  test('tokens never appear in responses, audit events or logs of invitations', async () => {
    const res = await call(t, 'POST', '/api/v1/orgs/strict/invitations', { token, body: { emails: ['secret@strict.test'], role: 'member' } });
    const id = res.body.results[0].invitationId;
    const list = await call(t, 'GET', '/api/v1/orgs/strict/invitations', { token });
    const audit = await t.database.db.selectFrom('audit_events').select(['data', 'target']).where('orgId', '=', orgId).execute();
    const text = JSON.stringify([res.body, list.body, audit]);
    expect(text).toContain(id);
    expect(text).not.toMatch(/gli_/);
    expect(text).not.toContain(token);
  });

  test('public invite endpoints are rate-limited per client', async () => {
    const limited = await createTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await call(limited, 'POST', '/api/v1/invite/preview', { body: { token: `gli_guess_${i}` } })).status);
      expect(codes).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  test('the invite endpoints send no referrer and security headers', async () => {
    const res = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: 'gli_x' } });
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
