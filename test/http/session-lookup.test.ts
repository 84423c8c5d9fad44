import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call, signUp, type Session } from '../support/client.ts';

// Issue 8 (per-request cost): a session cookie is read in one indexed statement, not through the
// identity library's general path; every rule about whether a session counts must still hold.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const me = (session: Pick<Session, 'cookie' | 'csrf'>) => call(t, 'GET', '/api/v1/me', { session: session as Session });
const expiry = async (accountId: string) =>
  (await sql<{ expiresAt: Date }>`select expires_at from auth_session where user_id = ${accountId}`.execute(t.database.db)).rows.map((r) => r.expiresAt.getTime());

describe('the session cookie', () => {
  test('signs the person in, with the account read alongside the session', async () => {
    const session = await signUp(t, 'sol@sessions.test', 'Sol');
    const res = await me(session);
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ email: 'sol@sessions.test', name: 'Sol' });
  });

  test('with its signature altered, or no signature, it is nobody', async () => {
    const session = await signUp(t, 'tam@sessions.test', 'Tam');
    const forged = session.cookie.replace(/(session_token=[^.;]+)\.[^;]+/, (_m, head: string) => `${head}.${encodeURIComponent('A'.repeat(43) + '=')}`);
    const unsigned = session.cookie.replace(/(session_token=[^.;]+)\.[^;]+/, '$1');
    expect((await me({ ...session, cookie: forged })).status).toBe(401);
    expect((await me({ ...session, cookie: unsigned })).status).toBe(401);
  });

  test('stops working at once when its session ends (sign-out, deletion)', async () => {
    const session = await signUp(t, 'uma@sessions.test', 'Uma');
    expect((await me(session)).status).toBe(200);
    await sql`delete from auth_session where user_id = ${session.accountId}`.execute(t.database.db);
    expect((await me(session)).status).toBe(401);
  });

  test('an expired session is nobody, and its row is cleared', async () => {
    const session = await signUp(t, 'vic@sessions.test', 'Vic');
    await sql`update auth_session set expires_at = now() - interval '1 second' where user_id = ${session.accountId}`.execute(t.database.db);
    expect((await me(session)).status).toBe(401);
    expect(await expiry(session.accountId)).toEqual([]);
  });

  test('is extended once a day of use, as the identity library does, and not on every request', async () => {
    const session = await signUp(t, 'wen@sessions.test', 'Wen');
    const [fresh] = await expiry(session.accountId);
    expect((await me(session)).status).toBe(200);
    expect(await expiry(session.accountId)).toEqual([fresh]);
    await sql`update auth_session set expires_at = now() + interval '5 days' where user_id = ${session.accountId}`.execute(t.database.db);
    expect((await me(session)).status).toBe(200);
    const [extended] = await expiry(session.accountId);
    expect(extended! - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
  });

  test('a write still needs the session CSRF token', async () => {
    const session = await signUp(t, 'xia@sessions.test', 'Xia');
    const res = await call(t, 'POST', '/api/v1/orgs', { session: { ...session, csrf: 'wrong' }, body: { slug: 'xia-org', name: 'Xia' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
  });
});
