import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { deliverAll } from '../support/worker.ts';

// Issue 6, item 2: any admin could point the Slack URL at an internal address.
let hook: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  hook = createServer((req, res) => {
    hits++;
    req.resume();
    res.end('ok');
  });
  port = await new Promise<number>((resolve) => hook.listen(0, '127.0.0.1', () => resolve((hook.address() as AddressInfo).port)));
});
afterAll(async () => {
  await new Promise<void>((resolve) => hook.close(() => resolve()));
});

async function patchSlack(t: TestApp, slug: string, apiToken: string, url: string) {
  return call(t, 'PATCH', `/api/v1/orgs/${slug}/settings`, { token: apiToken, body: { slackWebhookUrl: url } });
}

describe('with the default policy (https to the Slack host only)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('other hosts, plain http and addresses are refused at save with a code naming slackWebhookUrl', async () => {
    const { apiToken } = await bootstrap(t, 'policy-default');
    for (const url of [`http://127.0.0.1:${port}/hook`, 'http://hooks.slack.com/services/T/B/x', 'https://hooks.slack.com.evil.test/services/x', 'https://169.254.169.254/latest/meta-data', 'https://hooks.slack.com:8443/services/x']) {
      const res = await patchSlack(t, 'policy-default', apiToken, url);
      expect(res.status, url).toBe(400);
      expect(res.body).toMatchObject({ code: 'slack_webhook_url_refused', errors: [{ path: 'slackWebhookUrl' }] });
      expect(res.body.detail).toContain('slackWebhookUrl');
    }
    const org = await call(t, 'GET', '/api/v1/orgs/policy-default', { token: apiToken });
    expect(org.body.settings.slackWebhookUrl).toBeNull();
    expect((await call(t, 'PATCH', '/api/v1/orgs/policy-default/settings', { token: apiToken, body: { slackWebhookUrl: null } })).status).toBe(200);
  });
});

describe('with hosts allowed by the operator but private addresses not', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ OUTBOUND_ALLOW_HOSTS: 'localhost,127.0.0.1,169.254.169.254,[::1],10.1.2.3,0.0.0.0' }); });
  afterAll(async () => { await t.close(); });

  test('a URL whose host resolves to a loopback, private, link-local or metadata address is refused at save', async () => {
    const { apiToken } = await bootstrap(t, 'policy-private');
    for (const url of [`http://localhost:${port}/hook`, `http://127.0.0.1:${port}/hook`, 'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook', 'http://10.1.2.3/hook', 'http://0.0.0.0/hook']) {
      const res = await patchSlack(t, 'policy-private', apiToken, url);
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('slack_webhook_url_refused');
      expect(res.body.detail).toMatch(/non-public address/);
    }
    expect(hits).toBe(0);
  });

  test('a URL stored before (or by another path) is checked again at send: refused, nothing is posted', async () => {
    const { apiToken, org } = await bootstrap(t, 'policy-send');
    await t.database.db.updateTable('organizations').set({ slackWebhookUrl: `http://localhost:${port}/hook` }).where('id', '=', org.id).execute();
    await call(t, 'POST', '/api/v1/orgs/policy-send/invitations', { token: apiToken, body: { emails: ['sam@policy.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'sam@policy.test');
    expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Sam', password: 'sam password 1' } })).status).toBe(200);
    await deliverAll(t);
    const row = await t.database.db.selectFrom('notifications').select(['status', 'lastError']).where('orgId', '=', org.id).where('channel', '=', 'slack').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^Slack URL refused: .*non-public address/);
    expect(row.lastError).not.toContain('localhost');
    expect(hits).toBe(0);
  });
});
