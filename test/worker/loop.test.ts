import { afterAll, beforeAll, expect, test } from 'vitest';
import { startWorker } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { testWorker } from '../support/worker.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

test('the running worker delivers what is queued, reports the queue in /metrics, and stops cleanly', async () => {
  const { apiToken } = await bootstrap(t, 'loop');
  await call(t, 'POST', '/api/v1/orgs/loop/invitations', { token: apiToken, body: { emails: ['l1@loop.test', 'l2@loop.test'], role: 'member' } });
  const worker = startWorker(testWorker(t, undefined, { idleMs: 20 }));
  try {
    await expect.poll(async () => (await call(t, 'GET', '/api/v1/dev/mailbox', { token: apiToken })).body.items.length, { timeout: 10_000 }).toBe(2);
    const metrics = async () => (await t.app.request('http://localhost:3000/metrics')).text();
    await expect.poll(metrics, { timeout: 10_000 }).toContain('guestlist_notifications_queued{outbox="notifications"} 0');
  } finally {
    await worker.stop();
  }
  const statuses = await t.database.db.selectFrom('notifications').select('status').where('recipient', 'like', '%@loop.test').execute();
  expect(statuses.map((s) => s.status)).toEqual(['sent', 'sent']);
});

test('stopping the worker closes its email transport, once', async () => {
  const events: string[] = [];
  const transport = {
    name: 'recording',
    async send() { events.push('send'); },
    async close() { events.push('close'); },
  };
  const worker = startWorker(testWorker(t, transport, { idleMs: 20 }));
  await worker.stop();
  expect(events.at(-1)).toBe('close');
  expect(events.filter((e) => e === 'close')).toHaveLength(1);
});
