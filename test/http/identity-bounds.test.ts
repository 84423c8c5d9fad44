import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signUp } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function auth(path: string, body: unknown, cookie?: string) {
  const res = await t.app.request(`http://localhost:3000/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.config.publicUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

async function stored(email: string): Promise<number> {
  const rows = await t.database.db.selectFrom('auth_user').select('id').where('email', '=', email).execute();
  return rows.length;
}

describe('identity endpoints bound every field (issue 6, item 11)', () => {
  test('a sign-up name over 200 characters, or holding a line break, is refused and nothing is stored', async () => {
    const long = await auth('/sign-up/email', { email: 'long@bounds.test', password: 'correct horse battery', name: 'x'.repeat(201) });
    expect(long).toMatchObject({ status: 400, type: 'application/problem+json', body: { code: 'validation_failed', errors: [{ path: '/name' }] } });
    const broken = await auth('/sign-up/email', { email: 'broken@bounds.test', password: 'correct horse battery', name: 'Eve\r\nBcc: x@evil.test' });
    expect(broken).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(await stored('long@bounds.test')).toBe(0);
    expect(await stored('broken@bounds.test')).toBe(0);
    const fits = await auth('/sign-up/email', { email: 'fits@bounds.test', password: 'correct horse battery', name: 'y'.repeat(200) });
    expect(fits.status).toBe(200);
  });

  test('a profile update is bounded the same way', async () => {
    const session = await signUp(t, 'profile@bounds.test', 'Profile');
    const res = await auth('/update-user', { name: 'z'.repeat(201) }, session.cookie);
    expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const row = await t.database.db.selectFrom('auth_user').select('name').where('email', '=', 'profile@bounds.test').executeTakeFirstOrThrow();
    expect(row.name).toBe('Profile');
  });

  test('a redirect target must be a page of this site', async () => {
    await signUp(t, 'redirect@bounds.test', 'Redirect');
    const away = await auth('/sign-in/email', { email: 'redirect@bounds.test', password: 'correct horse battery', callbackURL: 'https://evil.test/x' });
    expect(away).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ path: '/callbackURL' }] } });
    const scheme = await auth('/sign-in/email', { email: 'redirect@bounds.test', password: 'correct horse battery', callbackURL: '//evil.test/x' });
    expect(scheme.status).toBe(400);
    const home = await auth('/sign-in/email', { email: 'redirect@bounds.test', password: 'correct horse battery', callbackURL: '/welcome' });
    expect(home).toMatchObject({ status: 200, body: { url: '/welcome' } });
  });

  test('the database refuses an over-long account name however it arrives', async () => {
    const insert = sql`insert into auth_user (id, name, email, email_verified, created_at, updated_at) values ('direct', ${'n'.repeat(201)}, 'direct@bounds.test', false, now(), now())`;
    await expect(insert.execute(t.database.db)).rejects.toMatchObject({ code: '23514' });
  });

  test('a body that is not JSON (a form post, plain text) is refused with 415 before the identity library sees it', async () => {
    const form = new URLSearchParams({ email: 'form@bounds.test', password: 'correct horse battery', name: 'f'.repeat(1000), callbackURL: 'https://evil.test/x' });
    for (const [type, body] of [['application/x-www-form-urlencoded', form.toString()], ['text/plain', JSON.stringify(Object.fromEntries(form))]] as const) {
      const res = await t.app.request('http://localhost:3000/api/auth/sign-up/email', { method: 'POST', headers: { 'content-type': type, origin: t.config.publicUrl }, body });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'unsupported_media_type' });
    }
    expect(await stored('form@bounds.test')).toBe(0);
    const signOut = await t.app.request('http://localhost:3000/api/auth/sign-out', { method: 'POST', headers: { origin: t.config.publicUrl } });
    expect(signOut.status).not.toBe(415);
  });
});

