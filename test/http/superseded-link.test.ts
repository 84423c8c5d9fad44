import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const NEWER = 'A newer invitation was sent to this address; use the link in the newest email.';

async function inviteAndResend(slug: string, email: string) {
  const { apiToken } = await bootstrap(t, slug);
  const inv = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: [email], role: 'member' } });
  const invitationId: string = inv.body.results[0].invitationId;
  const oldToken = await latestInviteToken(t, email);
  expect((await call(t, 'POST', `/api/v1/orgs/${slug}/invitations/${invitationId}/resend`, { token: apiToken })).status).toBe(200);
  const newToken = await latestInviteToken(t, email);
  expect(newToken).not.toBe(oldToken);
  return { apiToken, invitationId, oldToken, newToken };
}

// Issue 6, item 16: a link replaced by a resend says a newer invitation was sent, not "not valid".
describe('a link replaced by a resend (issue 6, item 16)', () => {
  test('preview (what the page shows), accept and decline all say a newer invitation was sent; nothing changes', async () => {
    const { apiToken, invitationId, oldToken, newToken } = await inviteAndResend('superseded', 'old@superseded.test');

    // The page (the console) shows what the preview answers: a newer invitation, not "not valid".
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: oldToken } });
    expect([preview.status, preview.body.code, preview.body.detail]).toEqual([410, 'invitation_superseded', NEWER]);

    const accept = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: oldToken, name: 'Old Link', password: 'correct horse battery' } });
    expect([accept.status, accept.body.code]).toEqual([410, 'invitation_superseded']);
    const decline = await call(t, 'POST', '/api/v1/invite/decline', { body: { token: oldToken } });
    expect([decline.status, decline.body.code]).toEqual([410, 'invitation_superseded']);

    const read = await call(t, 'GET', `/api/v1/orgs/superseded/invitations/${invitationId}`, { token: apiToken });
    expect(read.body).toMatchObject({ status: 'pending', sentCount: 2 });
    const account = await t.database.db.selectFrom('auth_user').select('id').where('email', '=', 'old@superseded.test').execute();
    expect(account).toEqual([]);
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: newToken } })).status).toBe(200);
  });

  test('a signed-in invitee accepting through the old link is told the same', async () => {
    const { oldToken } = await inviteAndResend('superseded-signed', 'signed@superseded.test');
    const session = await signUp(t, 'signed@superseded.test');
    const accept = await call(t, 'POST', '/api/v1/invite/accept', { session, body: { token: oldToken } });
    expect([accept.status, accept.body.code]).toEqual([410, 'invitation_superseded']);
  });

  test('every older link of an invitation resent twice is known as superseded', async () => {
    const { apiToken, invitationId, oldToken, newToken } = await inviteAndResend('superseded-twice', 'twice@superseded.test');
    await call(t, 'POST', `/api/v1/orgs/superseded-twice/invitations/${invitationId}/resend`, { token: apiToken });
    for (const token of [oldToken, newToken]) {
      const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token } });
      expect([preview.status, preview.body.code]).toEqual([410, 'invitation_superseded']);
    }
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: await latestInviteToken(t, 'twice@superseded.test') } })).status).toBe(200);
  });

  test('once the invitation has ended, an old link says how it ended', async () => {
    const { oldToken, newToken } = await inviteAndResend('superseded-ended', 'ended@superseded.test');
    const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: newToken, name: 'New Link', password: 'correct horse battery' } });
    expect(accepted.status).toBe(200);
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: oldToken } });
    expect([preview.status, preview.body.code]).toEqual([410, 'invitation_accepted']);
  });

  test('a token never issued is still unknown', async () => {
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: 'gli_never_issued' } });
    expect([preview.status, preview.body.code]).toEqual([404, 'invitation_not_found']);
  });
});
