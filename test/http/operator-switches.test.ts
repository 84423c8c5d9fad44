import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, signUp, verifyEmail } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

// Issue 6, item 5: operator switches (who may sign up, who may create organizations).
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ INSTANCE_ADMIN_EMAILS: 'Boss@Switches.test' }); });
afterAll(async () => { await t.close(); });

const create = (session: Parameters<typeof call>[3], slug: string) => call(t, 'POST', '/api/v1/orgs', { ...session, body: { slug, name: slug } });

describe('who may create organizations (ORG_CREATION, default admins)', () => {
  test('a fresh install: an account that merely signed up gets 403 org_creation_restricted and nothing is created', async () => {
    expect(t.config.orgCreation).toBe('admins');
    const session = await signUp(t, 'stranger@switches.test', 'Stranger');
    const res = await create({ session }, 'stranger-org');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('org_creation_restricted');
    expect(await t.database.db.selectFrom('organizations').select('id').where('slug', '=', 'stranger-org').execute()).toEqual([]);
    // Issue 7: the console learns it from /me and does not offer the action.
    expect((await call(t, 'GET', '/api/v1/me', { session })).body.canCreateOrganizations).toBe(false);
  });

  test('the admin made by `guestlist bootstrap` (as the demo admin is) creates organizations', async () => {
    await bootstrap(t, 'switch-boot');
    const session = await signIn(t, 'admin@switch-boot.test');
    expect((await call(t, 'GET', '/api/v1/me', { session })).body.canCreateOrganizations).toBe(true);
    const res = await create({ session }, 'second-org');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ slug: 'second-org', role: 'admin' });
  });

  test('an address in INSTANCE_ADMIN_EMAILS counts only once it is verified', async () => {
    const session = await signUp(t, 'boss@switches.test', 'Boss');
    expect((await create({ session }, 'boss-early')).body.code).toBe('org_creation_restricted');
    await verifyEmail(t, 'boss@switches.test');
    const verified = await signIn(t, 'boss@switches.test');
    expect((await create({ session: verified }, 'boss-org')).status).toBe(201);
  });

  test('ORG_CREATION=anyone lets every signed-in account create one', async () => {
    const open = await createTestApp({ ORG_CREATION: 'anyone' });
    try {
      const session = await signUp(open, 'anyone@switches.test', 'Anyone');
      expect((await call(open, 'POST', '/api/v1/orgs', { session, body: { slug: 'anyones', name: 'Anyone' } })).status).toBe(201);
    } finally {
      await open.close();
    }
  });
});

describe('who may sign up (ALLOW_SIGN_UP)', () => {
  test('with sign-up off, nobody creates an account by signing up, but an invited person still joins through the link', async () => {
    const closed = await createTestApp({ ALLOW_SIGN_UP: 'false' });
    try {
      const res = await closed.app.request('http://localhost:3000/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: closed.config.publicUrl },
        body: JSON.stringify({ email: 'walkin@switches.test', password: 'correct horse battery', name: 'Walk In' }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      // Issue 7: the sign-in page learns it without a session and offers no sign-up.
      expect((await call(closed, 'GET', '/api/v1/instance')).body).toMatchObject({ allowSignUp: false });
      expect((await call(t, 'GET', '/api/v1/instance')).body.allowSignUp).toBe(true);
      expect(res.headers.getSetCookie().join(';')).not.toContain('session_token');
      expect(await closed.database.db.selectFrom('auth_user').select('id').where('email', '=', 'walkin@switches.test').execute()).toEqual([]);

      const boot = await bootstrap(closed, 'closed-org');
      await call(closed, 'POST', '/api/v1/orgs/closed-org/invitations', { token: boot.apiToken, body: { emails: ['invited@switches.test'], role: 'member' } });
      const token = await latestInviteToken(closed, 'invited@switches.test');
      const accepted = await call(closed, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Invited', password: 'correct horse battery' } });
      expect(accepted.status).toBe(200);
      expect((await signIn(closed, 'invited@switches.test')).email).toBe('invited@switches.test');
    } finally {
      await closed.close();
    }
  });
});
