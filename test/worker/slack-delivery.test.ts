import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { deliverAll } from '../support/worker.ts';

let t: TestApp;
let slack: Server;
let slackUrl: string;
const answers: number[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  slack = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      const status = answers.shift() ?? 200;
      res.writeHead(status, status === 429 ? { 'retry-after': '2' } : {});
      res.end(status === 200 ? 'ok' : 'rate_limited');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', () => resolve()));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T000/B000/secret`;
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => slack.close(() => resolve()));
});

test('Slack answering 429 is retried after its Retry-After, then delivered', async () => {
  const { apiToken } = await bootstrap(t, 'slacky');
  await call(t, 'PATCH', '/api/v1/orgs/slacky/settings', { token: apiToken, body: { slackWebhookUrl: slackUrl } });
  await call(t, 'POST', '/api/v1/orgs/slacky/invitations', { token: apiToken, body: { emails: ['sam@slack.test'], role: 'member' } });
  const token = await latestInviteToken(t, 'sam@slack.test');
  expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Sam', password: 'sam password 1' } })).status).toBe(200);
  answers.push(429);
  const started = Date.now();
  await deliverAll(t);
  const row = await t.database.db.selectFrom('notifications').select(['id', 'status', 'attempts', 'lastError', 'runAfter']).where('channel', '=', 'slack').executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: 'queued', attempts: 1 });
  expect(row.lastError).toContain('429');
  expect(row.lastError).not.toContain('secret');
  expect(row.runAfter.getTime() - started).toBeGreaterThanOrEqual(1500);
  await sql`update notifications set run_after = now() where id = ${row.id}::uuid`.execute(t.database.db);
  await deliverAll(t);
  const sent = await t.database.db.selectFrom('notifications').select(['status', 'attempts']).where('id', '=', row.id).executeTakeFirstOrThrow();
  expect(sent).toEqual({ status: 'sent', attempts: 2 });
  const text = (JSON.parse(bodies.at(-1)!) as { text: string }).text;
  expect(text).toContain('sam@slack.test');
  expect(text).toContain('SLACKY');
});
