import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, signUp } from '../support/client.ts';
import { expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

type Counts = { members: Record<string, number>; invitations: Record<string, number>; pendingToSend: number };

async function invite(slug: string, token: string, email: string, sendInvite = true): Promise<{ invitationId: string; memberId: string }> {
  const res = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token, body: { emails: [email], role: 'member', sendInvite } });
  expect(res.status).toBe(200);
  return res.body.results[0];
}

async function accept(email: string): Promise<void> {
  const res = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, email), name: email.split('@')[0], password: 'correct horse battery' } });
  expect(res.status).toBe(200);
}

// Issue 7, items 4 and 6: the tab counts and the number the "send to all" confirmation names.
describe('GET /orgs/{org}/people-counts', () => {
  test('members by status, invitations by effective status, and exactly how many a send to all pending mails', async () => {
    const { apiToken: token } = await bootstrap(t, 'counts');
    await invite('counts', token, 'waiting@counts.test');
    await invite('counts', token, 'later@counts.test', false);
    const expiring = await invite('counts', token, 'expired@counts.test');
    await expireInvitation(t, expiring.invitationId);
    const canceled = await invite('counts', token, 'canceled@counts.test');
    expect((await call(t, 'POST', `/api/v1/orgs/counts/invitations/${canceled.invitationId}/revoke`, { token, body: {} })).status).toBe(200);
    await invite('counts', token, 'declined@counts.test');
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token: await latestInviteToken(t, 'declined@counts.test') } })).status).toBe(200);
    await invite('counts', token, 'joined@counts.test');
    await accept('joined@counts.test');
    const leaving = await invite('counts', token, 'left@counts.test');
    await accept('left@counts.test');
    expect((await call(t, 'PATCH', `/api/v1/orgs/counts/members/${leaving.memberId}`, { token, body: { status: 'deactivated' } })).status).toBe(200);

    const res = await call<Counts>(t, 'GET', '/api/v1/orgs/counts/people-counts', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      members: { all: 8, active: 2, pending: 5, deactivated: 1 },
      invitations: { pending: 1, accepted: 2, declined: 1, revoked: 1, expired: 1 },
      pendingToSend: 5,
    });

    const sent = await call(t, 'POST', '/api/v1/orgs/counts/invitations/send', { token, body: { scope: 'pending' } });
    expect(sent.status).toBe(200);
    expect(sent.body.counts.invited + sent.body.counts.resent).toBe(res.body.pendingToSend);
    expect(sent.body.counts.failed).toBe(0);

    const after = await call<Counts>(t, 'GET', '/api/v1/orgs/counts/people-counts', { token });
    // The expired one was written expired and replaced; the canceled and declined members got new ones.
    expect(after.body.invitations).toEqual({ pending: 5, accepted: 2, declined: 1, revoked: 1, expired: 1 });
    expect(after.body.pendingToSend).toBe(5);
  });

  test('members and admins may read the counts; guests, strangers and other organizations may not', async () => {
    const { apiToken: token } = await bootstrap(t, 'counts-access');
    const other = await bootstrap(t, 'counts-other');
    await invite('counts-access', token, 'member@access.test');
    await accept('member@access.test');
    const guestInvite = await call(t, 'POST', '/api/v1/orgs/counts-access/invitations', { token, body: { emails: ['guest@access.test'], role: 'guest' } });
    expect(guestInvite.body.results[0].outcome).toBe('invited');
    await accept('guest@access.test');

    const member = await signIn(t, 'member@access.test');
    expect((await call(t, 'GET', '/api/v1/orgs/counts-access/people-counts', { session: member })).status).toBe(200);
    const guest = await signIn(t, 'guest@access.test');
    const refused = await call(t, 'GET', '/api/v1/orgs/counts-access/people-counts', { session: guest });
    expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);

    const stranger = await signUp(t, 'stranger@access.test');
    expect((await call(t, 'GET', '/api/v1/orgs/counts-access/people-counts', { session: stranger })).status).toBe(404);
    expect((await call(t, 'GET', '/api/v1/orgs/counts-access/people-counts', { token: other.apiToken })).status).toBe(404);
    expect((await call(t, 'GET', '/api/v1/orgs/counts-access/people-counts')).status).toBe(401);
  });
});
