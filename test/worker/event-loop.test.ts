import { afterAll, beforeAll, expect, test } from 'vitest';
import { drain } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { testWorker } from '../support/worker.ts';

// Issue 6, item 10: on the embedded database the worker's queries resolve through promise callbacks
// alone, so a drain held the event loop until the whole queue was delivered and no request (no
// timer, no socket) was served meanwhile.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

test('timers and I/O keep running while the worker delivers a large queue', async () => {
  const { apiToken } = await bootstrap(t, 'loop-yield');
  const emails = Array.from({ length: 300 }, (_, i) => `p${i}@loop.test`);
  expect((await call(t, 'POST', '/api/v1/orgs/loop-yield/invitations', { token: apiToken, body: { emails, role: 'member' } })).status).toBe(200);
  let drained = false;
  const draining = drain(testWorker(t)).then((n) => {
    drained = true;
    return n;
  });
  await new Promise((resolve) => setTimeout(resolve, 1));
  const servedWhileDraining = !drained;
  expect(await draining).toBeGreaterThanOrEqual(300);
  expect(servedWhileDraining).toBe(true);
});
