import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { deliverAll } from '../support/worker.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

test('admins read their organization’s emails, invite links included, in the development mailbox', async () => {
  const one = await bootstrap(t, 'mail-one');
  const two = await bootstrap(t, 'mail-two');
  await call(t, 'POST', '/api/v1/orgs/mail-one/invitations', { token: one.apiToken, body: { emails: ['m1@mail.test', 'm2@mail.test'], role: 'member' } });
  expect((await call(t, 'GET', '/api/v1/dev/mailbox', { token: one.apiToken })).body.items).toEqual([]);
  expect(await deliverAll(t)).toBeGreaterThanOrEqual(2);
  const metrics = await (await t.app.request('http://localhost:3000/metrics')).text();
  expect(metrics).toMatch(/guestlist_notifications_total\{channel="email",outcome="sent"\} [1-9]/);
  expect(metrics).toContain('guestlist_delivery_latency_seconds_count{channel="email"}');
  const box = await call(t, 'GET', '/api/v1/dev/mailbox?to=M1@mail.test', { token: one.apiToken });
  expect(box.status).toBe(200);
  expect(box.body.items).toHaveLength(1);
  const message = box.body.items[0];
  expect(message).toMatchObject({ to: 'm1@mail.test', subject: expect.stringContaining('MAIL-ONE'), messageId: expect.stringMatching(/^<[0-9a-f-]{36}@localhost>$/) });
  const token = /\/invite\/(gli_[A-Za-z0-9_-]+)/.exec(message.text)?.[1];
  const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token } });
  expect(preview.body.email).toBe('m1@mail.test');
  expect((await call(t, 'GET', '/api/v1/dev/mailbox?org=mail-one', { token: two.apiToken })).status).toBe(404);
  expect((await call(t, 'GET', '/api/v1/dev/mailbox', { token: two.apiToken })).body.items).toEqual([]);
  const read = await call(t, 'POST', '/api/v1/orgs/mail-one/api-tokens', { token: one.apiToken, body: { name: 'reader', scope: 'read' } });
  expect((await call(t, 'GET', '/api/v1/dev/mailbox', { token: read.body.token })).status).toBe(403);
});

test('asked for one address, the mailbox also shows its account emails (verification)', async () => {
  const one = await bootstrap(t, 'mail-account');
  await signUp(t, 'newbie@mail.test', 'Newbie');
  await deliverAll(t);
  expect((await call(t, 'GET', '/api/v1/dev/mailbox', { token: one.apiToken })).body.items.map((m: any) => m.to)).not.toContain('newbie@mail.test');
  const box = await call(t, 'GET', '/api/v1/dev/mailbox?to=newbie@mail.test', { token: one.apiToken });
  expect(box.body.items).toHaveLength(1);
  expect(box.body.items[0].text).toMatch(/\/api\/auth\/verify-email\?token=/);
});
