import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DeliveryError } from '../../src/worker/delivery-error.ts';
import type { EmailTransport } from '../../src/worker/transports/email.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { deliverAll } from '../support/worker.ts';

// Issue 7 item 7: failed messages can be retried from the console's Notifications page.
let t: TestApp;
let slack: Server;
let slackUrl: string;
/** What the stand-in Slack answers next (then 200). */
const answers: number[] = [];
let posts = 0;

beforeAll(async () => {
  // The local server stands in for Slack, so the operator allows it (host and private address).
  t = await createTestApp({ OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: 'true' });
  slack = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts++;
      res.writeHead(answers.shift() ?? 200);
      res.end();
    });
  });
  const port = await new Promise<number>((resolve) => slack.listen(0, '127.0.0.1', () => resolve((slack.address() as AddressInfo).port)));
  slackUrl = `http://127.0.0.1:${port}/services/T000/B000/secret`;
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => slack.close(() => resolve()));
});

/** An organization whose Slack notice about an accepted invitation failed for good (Slack answered 400). */
async function failedSlackNotice(slug: string): Promise<{ apiToken: string; id: string }> {
  const { apiToken } = await bootstrap(t, slug);
  expect((await call(t, 'PATCH', `/api/v1/orgs/${slug}/settings`, { token: apiToken, body: { slackWebhookUrl: slackUrl } })).status).toBe(200);
  await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: [`sam@${slug}.test`], role: 'member' } });
  const token = await latestInviteToken(t, `sam@${slug}.test`);
  expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Sam', password: 'sam password 1' } })).status).toBe(200);
  answers.push(400);
  await deliverAll(t);
  const failed = await call(t, 'GET', `/api/v1/orgs/${slug}/notifications?status=failed`, { token: apiToken });
  expect(failed.body.items).toHaveLength(1);
  expect(failed.body.items[0]).toMatchObject({ channel: 'slack', kind: 'invitation_accepted', status: 'failed', attempts: 1, lastError: expect.stringMatching(/^Slack 400/), invitationId: expect.any(String) });
  return { apiToken, id: failed.body.items[0].id };
}

describe('retrying a failed message', () => {
  test('puts it back in the queue with its attempts reset, audited; the worker then sends it', async () => {
    const { apiToken, id } = await failedSlackNotice('retry-slack');
    const before = posts;
    const retried = await call(t, 'POST', `/api/v1/orgs/retry-slack/notifications/${id}/retry`, { token: apiToken });
    expect(retried.status).toBe(202);
    const queued = await call(t, 'GET', '/api/v1/orgs/retry-slack/notifications?status=queued', { token: apiToken });
    expect(queued.body.items).toEqual([expect.objectContaining({ id, status: 'queued', attempts: 0, lastError: null })]);
    const audit = await call(t, 'GET', '/api/v1/orgs/retry-slack/audit-events?action=notification.retried', { token: apiToken });
    expect(audit.body.items).toEqual([expect.objectContaining({ target: `notification:${id}`, actorName: 'API token "bootstrap"', data: { kind: 'invitation_accepted', channel: 'slack', recipient: 'slack' } })]);
    await deliverAll(t);
    expect(posts).toBe(before + 1);
    const sent = await call(t, 'GET', '/api/v1/orgs/retry-slack/notifications?status=sent', { token: apiToken });
    expect(sent.body.items.map((n: { id: string }) => n.id)).toContain(id);
    const again = await call(t, 'POST', `/api/v1/orgs/retry-slack/notifications/${id}/retry`, { token: apiToken });
    expect([again.status, again.body.code]).toEqual([409, 'notification_not_retryable']);
    expect(again.body.detail).toContain('this one is sent');
  });

  test('only admins retry, only their own organization’s messages', async () => {
    const { apiToken, id } = await failedSlackNotice('retry-rules');
    const other = await bootstrap(t, 'retry-other');
    const read = await call(t, 'POST', '/api/v1/orgs/retry-rules/api-tokens', { token: apiToken, body: { name: 'reader', scope: 'read' } });
    const byReader = await call(t, 'POST', `/api/v1/orgs/retry-rules/notifications/${id}/retry`, { token: read.body.token });
    expect([byReader.status, byReader.body.code]).toEqual([403, 'forbidden']);
    const foreign = await call(t, 'POST', `/api/v1/orgs/retry-other/notifications/${id}/retry`, { token: other.apiToken });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'notification_not_found']);
    const unknown = await call(t, 'POST', `/api/v1/orgs/retry-rules/notifications/${crypto.randomUUID()}/retry`, { token: apiToken });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'notification_not_found']);
    expect((await call(t, 'POST', '/api/v1/orgs/retry-rules/notifications/not-an-id/retry', { token: apiToken })).status).toBe(400);
    const stillFailed = await call(t, 'GET', '/api/v1/orgs/retry-rules/notifications?status=failed', { token: apiToken });
    expect(stillFailed.body.items.map((n: { id: string }) => n.id)).toEqual([id]);
  });

  test('the mute applies: refused while notifications are off, and a retried message muted before sending is suppressed', async () => {
    const { apiToken, id } = await failedSlackNotice('retry-muted');
    const settings = (body: object) => call(t, 'PATCH', '/api/v1/orgs/retry-muted/settings', { token: apiToken, body });
    await settings({ notificationsEnabled: false });
    const refused = await call(t, 'POST', `/api/v1/orgs/retry-muted/notifications/${id}/retry`, { token: apiToken });
    expect([refused.status, refused.body.code]).toEqual([409, 'notifications_disabled']);
    await settings({ notificationsEnabled: true });
    expect((await call(t, 'POST', `/api/v1/orgs/retry-muted/notifications/${id}/retry`, { token: apiToken })).status).toBe(202);
    await settings({ notificationsEnabled: false });
    const before = posts;
    await deliverAll(t);
    expect(posts).toBe(before);
    const list = await call(t, 'GET', '/api/v1/orgs/retry-muted/notifications?status=suppressed', { token: apiToken });
    expect(list.body.items).toContainEqual(expect.objectContaining({ id, lastError: 'notifications were disabled for the organization' }));
  });

  test('a failed invitation email is not retried (its link is gone): the answer says to resend the invitation', async () => {
    const { apiToken } = await bootstrap(t, 'retry-invite');
    await call(t, 'POST', '/api/v1/orgs/retry-invite/invitations', { token: apiToken, body: { emails: ['gone@retry-invite.test'], role: 'member' } });
    const refusing: EmailTransport = { name: 'refusing', send: async () => { throw new DeliveryError('550 no such mailbox', false); }, close: async () => {} };
    await deliverAll(t, refusing);
    const failed = await call(t, 'GET', '/api/v1/orgs/retry-invite/notifications?status=failed', { token: apiToken });
    expect(failed.body.items).toEqual([expect.objectContaining({ kind: 'invitation', lastError: '550 no such mailbox', invitationId: expect.any(String) })]);
    const retried = await call(t, 'POST', `/api/v1/orgs/retry-invite/notifications/${failed.body.items[0].id}/retry`, { token: apiToken });
    expect([retried.status, retried.body.code]).toEqual([409, 'notification_not_retryable']);
    expect(retried.body.detail).toMatch(/Resend the invitation/);
    const resent = await call(t, 'POST', `/api/v1/orgs/retry-invite/invitations/${failed.body.items[0].invitationId}/resend`, { token: apiToken });
    expect(resent.status).toBe(200);
  });
});
