import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { deliverAll } from '../support/worker.ts';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

let t: TestApp;
let slack: Server;
let slackUrl: string;
let internal: Server;
let internalUrl: string;
let internalHits = 0;
const answers: Answer[] = [];
const bodies: string[] = [];

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  // The local server stands in for Slack, so the operator allows it (host and private address).
  t = await createTestApp({ OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: 'true' });
  slack = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      const answer = answers.shift() ?? { status: 200, body: 'ok' };
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  internal = createServer((_req, res) => {
    internalHits++;
    res.end('internal secret');
  });
  slackUrl = `http://127.0.0.1:${await listen(slack)}/services/T000/B000/secret`;
  internalUrl = `http://127.0.0.1:${await listen(internal)}/latest/meta-data`;
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => slack.close(() => resolve()));
  await new Promise<void>((resolve) => internal.close(() => resolve()));
});

/** An organization with Slack set up and one accepted invitation, so one Slack message is queued. */
async function queueSlackMessage(slug: string): Promise<{ orgId: string; apiToken: string }> {
  const { apiToken, org } = await bootstrap(t, slug);
  const saved = await call(t, 'PATCH', `/api/v1/orgs/${slug}/settings`, { token: apiToken, body: { slackWebhookUrl: slackUrl } });
  expect(saved.status).toBe(200);
  await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: [`sam@${slug}.test`], role: 'member' } });
  const token = await latestInviteToken(t, `sam@${slug}.test`);
  expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Sam', password: 'sam password 1' } })).status).toBe(200);
  return { orgId: org.id, apiToken };
}

function slackRow(orgId: string) {
  return t.database.db.selectFrom('notifications').select(['id', 'status', 'attempts', 'lastError', 'runAfter']).where('orgId', '=', orgId).where('channel', '=', 'slack').executeTakeFirstOrThrow();
}

test('Slack answering 429 is retried after its Retry-After, then delivered', async () => {
  const { orgId } = await queueSlackMessage('slacky');
  answers.push({ status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' });
  const started = Date.now();
  await deliverAll(t);
  const row = await slackRow(orgId);
  expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Slack 429 Too Many Requests' });
  expect(row.runAfter.getTime() - started).toBeGreaterThanOrEqual(1500);
  await sql`update notifications set run_after = now() where id = ${row.id}::uuid`.execute(t.database.db);
  await deliverAll(t);
  const sent = await t.database.db.selectFrom('notifications').select(['status', 'attempts']).where('id', '=', row.id).executeTakeFirstOrThrow();
  expect(sent).toEqual({ status: 'sent', attempts: 2 });
  const text = (JSON.parse(bodies.at(-1)!) as { text: string }).text;
  expect(text).toContain('sam@slacky.test');
  expect(text).toContain('SLACKY');
});

// Issue 6, item 2: the start of the response body was stored in lastError, which admins read back.
test('a Slack failure is recorded as its status line only, never the response body', async () => {
  const { orgId, apiToken } = await queueSlackMessage('slack-body');
  answers.push({ status: 500, headers: { 'x-reason': 'leak' }, body: 'root:x:0:0:internal secret' });
  await deliverAll(t);
  const row = await slackRow(orgId);
  expect(row).toMatchObject({ status: 'queued', lastError: 'Slack 500 Internal Server Error' });
  const listed = await call(t, 'GET', '/api/v1/orgs/slack-body/notifications', { token: apiToken });
  expect(JSON.stringify(listed.body)).not.toContain('internal secret');
});

// Issue 6, item 2: a redirect must not be followed (here to an internal address).
test('a redirect from the Slack URL is refused for good and not followed', async () => {
  const { orgId } = await queueSlackMessage('slack-redirect');
  answers.push({ status: 307, headers: { location: internalUrl } });
  await deliverAll(t);
  expect(await slackRow(orgId)).toMatchObject({ status: 'failed', lastError: 'Slack 307 Temporary Redirect: redirect refused' });
  expect(internalHits).toBe(0);
});
