import { afterAll, beforeAll, expect, test } from 'vitest';
import { claimDue, settle } from '../../src/storage/delivery.ts';
import type { EmailTransport } from '../../src/worker/transports/email.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { deliverAll } from '../support/worker.ts';

// Issue 6, item 9: muting marked messages a worker had already claimed as suppressed, and the
// worker could then not record that it sent them.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function statuses(orgId: string): Promise<Record<string, string>> {
  const rows = await t.database.db.selectFrom('notifications').select(['recipient', 'status']).where('orgId', '=', orgId).execute();
  return Object.fromEntries(rows.map((r) => [r.recipient, r.status]));
}

test('a mute leaves messages under a worker lease alone; the worker records that it sent them', async () => {
  const { apiToken, org } = await bootstrap(t, 'mute-claimed');
  await call(t, 'POST', '/api/v1/orgs/mute-claimed/invitations', { token: apiToken, body: { emails: ['claimed@mute.test'], role: 'member' } });
  const claimed = await claimDue(t.database.db, 'notifications', 10, 60_000);
  const mine = claimed.filter((m) => m.orgId === org.id);
  expect(mine).toHaveLength(1);
  await call(t, 'POST', '/api/v1/orgs/mute-claimed/invitations', { token: apiToken, body: { emails: ['waiting@mute.test'], role: 'member' } });
  const muted = await call(t, 'PATCH', '/api/v1/orgs/mute-claimed/settings', { token: apiToken, body: { notificationsEnabled: false } });
  expect(muted.status).toBe(200);
  await settle(t.database.db, 'notifications', [{ id: mine[0]!.id, orgId: mine[0]!.orgId, attempts: mine[0]!.attempts, outcome: 'sent' }]);
  expect(await statuses(org.id)).toEqual({ 'claimed@mute.test': 'sent', 'waiting@mute.test': 'suppressed' });
});

test('muted while the worker is sending: the notification list says sent for mail that left', async () => {
  const { apiToken, org } = await bootstrap(t, 'mute-midsend');
  await call(t, 'POST', '/api/v1/orgs/mute-midsend/invitations', { token: apiToken, body: { emails: ['left@mute.test'], role: 'member' } });
  const sent: string[] = [];
  const muteWhileSending: EmailTransport = {
    name: 'muting',
    async send(email) {
      expect((await call(t, 'PATCH', '/api/v1/orgs/mute-midsend/settings', { token: apiToken, body: { notificationsEnabled: false } })).status).toBe(200);
      sent.push(email.to);
    },
    async close() {},
  };
  await deliverAll(t, muteWhileSending);
  expect(sent).toEqual(['left@mute.test']);
  const listed = await call(t, 'GET', '/api/v1/orgs/mute-midsend/notifications', { token: apiToken });
  expect(listed.body.items.map((n: { recipient: string; status: string }) => [n.recipient, n.status])).toEqual([['left@mute.test', 'sent']]);
  expect(await statuses(org.id)).toEqual({ 'left@mute.test': 'sent' });
});

test('a send that outlived its lease and was suppressed meanwhile is still recorded as sent', async () => {
  const { apiToken, org } = await bootstrap(t, 'mute-late');
  await call(t, 'POST', '/api/v1/orgs/mute-late/invitations', { token: apiToken, body: { emails: ['slow@mute.test'], role: 'member' } });
  const mine = (await claimDue(t.database.db, 'notifications', 50, 1)).filter((m) => m.orgId === org.id);
  expect(mine).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await call(t, 'PATCH', '/api/v1/orgs/mute-late/settings', { token: apiToken, body: { notificationsEnabled: false } });
  expect(await statuses(org.id)).toEqual({ 'slow@mute.test': 'suppressed' });
  await settle(t.database.db, 'notifications', [{ id: mine[0]!.id, orgId: mine[0]!.orgId, attempts: mine[0]!.attempts, outcome: 'sent' }]);
  const row = await t.database.db.selectFrom('notifications').select(['status', 'lastError', 'sentAt']).where('orgId', '=', org.id).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: 'sent', lastError: null, sentAt: expect.any(Date) });
});

test('muted while a send fails for a while: the message is suppressed, not retried after an unmute (PRODUCT §1.4)', async () => {
  const { apiToken, org } = await bootstrap(t, 'mute-retry');
  await call(t, 'POST', '/api/v1/orgs/mute-retry/invitations', { token: apiToken, body: { emails: ['later@mute.test'], role: 'member' } });
  const mine = (await claimDue(t.database.db, 'notifications', 10, 60_000)).filter((m) => m.orgId === org.id);
  expect(mine).toHaveLength(1);
  expect((await call(t, 'PATCH', '/api/v1/orgs/mute-retry/settings', { token: apiToken, body: { notificationsEnabled: false } })).status).toBe(200);
  await settle(t.database.db, 'notifications', [{ id: mine[0]!.id, orgId: mine[0]!.orgId, attempts: mine[0]!.attempts, outcome: 'retry', error: 'SMTP 421', runAfter: new Date() }]);
  expect(await statuses(org.id)).toEqual({ 'later@mute.test': 'suppressed' });
  expect((await call(t, 'PATCH', '/api/v1/orgs/mute-retry/settings', { token: apiToken, body: { notificationsEnabled: true } })).status).toBe(200);
  const sent: string[] = [];
  await deliverAll(t, { name: 'recording', async send(email) { sent.push(email.to); }, async close() {} });
  expect(sent).toEqual([]);
  const row = await t.database.db.selectFrom('notifications').select(['payload']).where('id', '=', mine[0]!.id).executeTakeFirstOrThrow();
  expect(JSON.stringify(row.payload)).not.toContain('/invite/');
});

// PRODUCT §1.4: webhooks are machine events and are not muted, neither when queued nor mid-retry.
test('a mute leaves webhook messages queued, also one that a worker was retrying', async () => {
  const { apiToken, org } = await bootstrap(t, 'mute-webhook');
  const insert = () => t.database.db.insertInto('notifications').values({ orgId: org.id, channel: 'webhook', kind: 'invitation.accepted', recipient: 'https://hooks.example/x', payload: JSON.stringify({}) }).returning('id').executeTakeFirstOrThrow();
  const leased = await insert();
  const claimed = (await claimDue(t.database.db, 'notifications', 100, 60_000)).find((m) => m.id === leased.id);
  expect(claimed).toBeDefined();
  const waiting = await insert(); // queued after the claim: not leased
  expect((await call(t, 'PATCH', '/api/v1/orgs/mute-webhook/settings', { token: apiToken, body: { notificationsEnabled: false } })).status).toBe(200);
  await settle(t.database.db, 'notifications', [{ id: claimed!.id, orgId: claimed!.orgId, attempts: claimed!.attempts, outcome: 'retry', error: 'HTTP 503', runAfter: new Date() }]);
  const rows = await t.database.db.selectFrom('notifications').select(['id', 'status']).where('id', 'in', [waiting.id, leased.id]).execute();
  expect(rows.map((r) => r.status)).toEqual(['queued', 'queued']);
});
