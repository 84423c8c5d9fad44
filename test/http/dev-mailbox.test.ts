import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

test('admins read their organization’s emails, invite links included, in the development mailbox', async () => {
  const one = await bootstrap(t, 'mail-one');
  const two = await bootstrap(t, 'mail-two');
  await call(t, 'POST', '/api/v1/orgs/mail-one/invitations', { token: one.apiToken, body: { emails: ['m1@mail.test', 'm2@mail.test'], role: 'member' } });
  const box = await call(t, 'GET', '/api/v1/dev/mailbox?to=M1@mail.test', { token: one.apiToken });
  expect(box.status).toBe(200);
  expect(box.body.items).toHaveLength(1);
  const message = box.body.items[0];
  expect(message).toMatchObject({ kind: 'invitation', to: 'm1@mail.test', status: 'queued', data: { orgName: 'MAIL-ONE', role: 'member' } });
  const token = String(message.data.acceptUrl).split('/invite/')[1];
  const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token } });
  expect(preview.body.email).toBe('m1@mail.test');
  expect((await call(t, 'GET', '/api/v1/dev/mailbox?org=mail-one', { token: two.apiToken })).status).toBe(404);
  expect((await call(t, 'GET', '/api/v1/dev/mailbox', { token: two.apiToken })).body.items).toEqual([]);
  const read = await call(t, 'POST', '/api/v1/orgs/mail-one/api-tokens', { token: one.apiToken, body: { name: 'reader', scope: 'read' } });
  expect((await call(t, 'GET', '/api/v1/dev/mailbox', { token: read.body.token })).status).toBe(403);
});
