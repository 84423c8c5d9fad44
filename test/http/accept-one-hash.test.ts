import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

// Issue 8: a new person accepting with a name and a password costs one password hash (PRODUCT §5),
// not one to create the account and a second to sign in with it.
const calls = vi.hoisted(() => ({ hash: 0, verify: 0 }));
vi.mock('../../src/domain/password.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/domain/password.ts')>();
  return {
    ...real,
    hashPassword: async (password: string) => {
      calls.hash++;
      return real.hashPassword(password);
    },
    verifyPassword: async (input: { hash: string; password: string }) => {
      calls.verify++;
      return real.verifyPassword(input);
    },
  };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

test('a new person accepting with name and password: one hash, and signed in', async () => {
  const { apiToken } = await bootstrap(t, 'one-hash');
  await call(t, 'POST', '/api/v1/orgs/one-hash/invitations', { token: apiToken, body: { emails: ['pia@one-hash.test'], role: 'member' } });
  const token = await latestInviteToken(t, 'pia@one-hash.test');
  calls.hash = 0;
  calls.verify = 0;
  const res = await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Pia', password: 'a good password' }, headers: { 'user-agent': 'accept-test' } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ signedIn: true });
  expect(calls).toEqual({ hash: 1, verify: 0 });

  // The cookie set is a working session of the new account, whose sign-in is recorded.
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  expect(res.headers.getSetCookie().join('\n')).toMatch(/HttpOnly/i);
  const me = await t.app.request('http://localhost:3000/api/v1/me', { headers: { cookie } });
  const body = (await me.json()) as { account: { id: string; email: string } };
  expect(me.status).toBe(200);
  expect(body.account.email).toBe('pia@one-hash.test');
  const account = await t.database.db.selectFrom('auth_user').select(['lastSignInAt']).where('id', '=', body.account.id).executeTakeFirstOrThrow();
  expect(account.lastSignInAt).toBeInstanceOf(Date);
  const sessions = await sql<{ userAgent: string }>`select user_agent from auth_session where user_id = ${body.account.id}`.execute(t.database.db);
  expect(sessions.rows).toEqual([{ userAgent: 'accept-test' }]);

  // The password chosen is the account's: signing in with it works (that sign-in verifies once).
  const signIn = await call(t, 'POST', '/api/auth/sign-in/email', { body: { email: 'pia@one-hash.test', password: 'a good password' }, headers: { origin: t.config.publicUrl } });
  expect(signIn.status).toBe(200);
  expect(calls.verify).toBe(1);
});
