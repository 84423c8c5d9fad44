import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, signUp } from '../support/client.ts';
import { deliverAll } from '../support/worker.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ DEV_MAILBOX: 'true' }); });
afterAll(async () => { await t.close(); });

async function requestReset(email: string): Promise<void> {
  const res = await t.app.request('http://localhost:3000/api/auth/request-password-reset', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
    body: JSON.stringify({ email, redirectTo: '/reset' }),
  });
  expect(res.status).toBe(200);
}

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

describe('account emails in the development mailbox (issue 6, item 1)', () => {
  test('an org admin who asks for a reset of another person’s password cannot read the reset link', async () => {
    const victim = 'victim@mail.test';
    await signUp(t, victim, 'Victim');
    const attacker = await bootstrap(t, 'mail-attacker');
    const session = await signIn(t, 'admin@mail-attacker.test');
    await requestReset(victim);
    await deliverAll(t);
    for (const auth of [{ token: attacker.apiToken }, { session }]) {
      for (const query of [`?org=mail-attacker&to=${victim}`, `?org=mail-attacker&to=${victim.toUpperCase()}`, '?org=mail-attacker']) {
        const box = await call(t, 'GET', `/api/v1/dev/mailbox${query}`, auth);
        expect(box.status).toBe(200);
        expect(JSON.stringify(box.body.items)).not.toContain('reset-password');
        expect(box.body.items.map((m: { to: string }) => m.to)).not.toContain(victim);
      }
    }
    // The attacker's own session sees only the attacker's own account mail, not the victim's.
    const own = await call(t, 'GET', '/api/v1/me/mailbox', { session });
    expect(own.status).toBe(200);
    expect(own.body.items.map((m: { to: string }) => m.to)).not.toContain(victim);
    expect((await call(t, 'GET', '/api/v1/me/mailbox', { token: attacker.apiToken })).status).toBe(403);
  });

  test('the account itself, signed in, reads its verification and reset emails', async () => {
    const session = await signUp(t, 'owner@mail.test', 'Owner');
    await requestReset('owner@mail.test');
    await deliverAll(t);
    const box = await call(t, 'GET', '/api/v1/me/mailbox', { session });
    expect(box.status).toBe(200);
    expect(box.body.items.map((m: { to: string }) => m.to)).toEqual(['owner@mail.test', 'owner@mail.test']);
    expect(box.body.items.map((m: { text: string }) => m.text).join('\n')).toMatch(/reset-password[\s\S]*verify-email|verify-email[\s\S]*reset-password/);
    expect((await call(t, 'GET', '/api/v1/me/mailbox')).status).toBe(401);
  });
});

describe('the development mailbox is on only when the operator says so', () => {
  test('off (DEV_MAILBOX=false, no SMTP_URL): the mailbox answers 403 and email fails visibly, nothing is kept', async () => {
    const off = await createTestApp({ DEV_MAILBOX: 'false' });
    try {
      expect(off.config.devMailbox).toBe(false);
      const boot = await bootstrap(off, 'mail-off');
      await call(off, 'POST', '/api/v1/orgs/mail-off/invitations', { token: boot.apiToken, body: { emails: ['x@mail.test'], role: 'member' } });
      await deliverAll(off);
      const box = await call(off, 'GET', '/api/v1/dev/mailbox', { token: boot.apiToken });
      expect(box.status).toBe(403);
      expect(box.body.detail).toContain('DEV_MAILBOX');
      expect(await off.database.db.selectFrom('dev_mailbox').select('id').execute()).toEqual([]);
      const sent = await call(off, 'GET', '/api/v1/orgs/mail-off/notifications', { token: boot.apiToken });
      expect(sent.body.items).toEqual([expect.objectContaining({ status: 'failed', lastError: expect.stringContaining('SMTP_URL') })]);
    } finally {
      await off.close();
    }
  });

  test('the default: on for the embedded first-run demo only, never inferred from a missing SMTP_URL alone', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    expect(loadConfig({}).devMailbox).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/guestlist' }).devMailbox).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/guestlist', DEV_MAILBOX: 'true' }).devMailbox).toBe(true);
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:25' }).devMailbox).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'false' }).devMailbox).toBe(false);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:25', DEV_MAILBOX: 'true' })).toThrow(/^Invalid configuration: DEV_MAILBOX: .*SMTP_URL/);
  });
});

test('behind a trusted proxy, a request forwarded from elsewhere does not read the mailbox', async () => {
  const proxied = await createTestApp({ DEV_MAILBOX: 'true', TRUST_PROXY: 'true' });
  try {
    const boot = await bootstrap(proxied, 'mail-proxied');
    const from = (address: string) => call(proxied, 'GET', '/api/v1/dev/mailbox', { token: boot.apiToken, headers: { 'x-forwarded-for': address } });
    expect((await from('203.0.113.1')).status).toBe(403);
    expect((await from('127.0.0.1')).status).toBe(200);
  } finally {
    await proxied.close();
  }
});
