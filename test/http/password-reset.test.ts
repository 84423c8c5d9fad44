import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call, signIn, signUp } from '../support/client.ts';
import { deliverAll } from '../support/worker.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ DEV_MAILBOX: 'true' }); });
afterAll(async () => { await t.close(); });

async function post(path: string, body: unknown): Promise<Response> {
  return t.app.request(`http://localhost:3000${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
    body: JSON.stringify(body),
  });
}

test('a completed password reset ends every other reset link of the account', async () => {
  const session = await signUp(t, 'resets@reset.test', 'Resets');
  for (let i = 0; i < 2; i++) expect((await post('/api/auth/request-password-reset', { email: 'resets@reset.test', redirectTo: '/reset' })).status).toBe(200);
  await deliverAll(t);
  const box = await call(t, 'GET', '/api/v1/me/mailbox', { session });
  const tokens = box.body.items.flatMap((m: { text: string }) => [.../\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(m.text)?.slice(1) ?? []]);
  expect(tokens).toHaveLength(2);
  expect((await post('/api/auth/reset-password', { token: tokens[0], newPassword: 'first new password' })).status).toBe(200);
  const second = await post('/api/auth/reset-password', { token: tokens[1], newPassword: 'second new password' });
  expect(second.status).toBe(400);
  await expect(signIn(t, 'resets@reset.test', 'first new password')).resolves.toBeDefined();
  // The mailbox shows a used or ended reset link as removed at once.
  const after = await call(t, 'GET', '/api/v1/me/mailbox', { session: await signIn(t, 'resets@reset.test', 'first new password') });
  expect(after.body.items.map((m: { text: string }) => m.text).join('\n')).not.toMatch(/\/reset-password\?token=/);
});
