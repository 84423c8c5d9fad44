import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call, signIn, signUp } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function auth(path: string, body: unknown, cookie?: string) {
  return t.app.request(`http://localhost:3000/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.config.publicUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

describe('identity (accounts and sessions only)', () => {
  test('sign-up, sign-in records lastSignInAt, sign-out ends the session', async () => {
    const first = await signUp(t, 'ida@identity.test', 'Ida');
    const again = await signIn(t, 'IDA@identity.test');
    const row = await t.database.db.selectFrom('auth_user').select(['lastSignInAt', 'emailVerified']).where('id', '=', again.accountId).executeTakeFirstOrThrow();
    expect(row.lastSignInAt).toBeInstanceOf(Date);
    expect(row.emailVerified).toBe(false);
    const out = await auth('/sign-out', {}, first.cookie);
    expect(out.status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { session: first })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v1/me', { session: again })).status).toBe(200);
  });

  test('session tokens are stored only as SHA-256 hashes', async () => {
    const session = await signUp(t, 'hashed@identity.test', 'Hashed');
    const cookieToken = decodeURIComponent(session.cookie.match(/session_token=([^;]+)/)![1]!).split('.')[0]!;
    const rows = await t.database.db.selectFrom('auth_session' as never).select('token' as never).execute() as { token: string }[];
    const stored = rows.map((r) => r.token);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
    expect(stored).not.toContain(cookieToken);
    expect(stored).toContain(createHash('sha256').update(cookieToken).digest('hex'));
    expect((await call(t, 'GET', '/api/v1/me', { session })).status).toBe(200);
  });

  test('password reset is queued in the outbox (never sent inline) and works once', async () => {
    await signUp(t, 'reset@identity.test', 'Reset Me', 'old password 1');
    const requested = await auth('/request-password-reset', { email: 'reset@identity.test', redirectTo: '/reset' });
    expect(requested.status).toBe(200);
    const queued = await t.database.db.selectFrom('account_notifications').select(['kind', 'recipient', 'status', 'payload']).where('recipient', '=', 'reset@identity.test').where('kind', '=', 'password_reset').execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'password_reset', status: 'queued' });
    const url = new URL(String(queued[0]!.payload.resetUrl));
    // Issue 7: the link opens the console's page for choosing a password, never the identity library's.
    expect(url.pathname).toBe('/reset-password');
    const token = url.searchParams.get('token')!;
    const reset = await auth('/reset-password', { token, newPassword: 'new password 2' });
    expect(reset.status).toBe(200);
    await expect(signIn(t, 'reset@identity.test', 'old password 1')).rejects.toThrow(/401/);
    expect((await signIn(t, 'reset@identity.test', 'new password 2')).email).toBe('reset@identity.test');
    expect((await auth('/reset-password', { token, newPassword: 'third password 3' })).status).toBe(400);
  });

  test('an unknown address asking for a reset gets the same answer and nothing is queued', async () => {
    const res = await auth('/request-password-reset', { email: 'ghost@identity.test', redirectTo: '/reset' });
    expect(res.status).toBe(200);
    const queued = await t.database.db.selectFrom('account_notifications').select('id').where('recipient', '=', 'ghost@identity.test').where('kind', '=', 'password_reset').execute();
    expect(queued).toHaveLength(0);
  });

  test('the API reference is browsable without any external asset', async () => {
    const page = await t.app.request('http://localhost:3000/api/v1/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/v1/docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    const bundle = await t.app.request('http://localhost:3000/api/v1/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
  });
});
