import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let apiToken: string;
const shots = '.tmp/screenshots';
/** Accepting hashes a password and opens a session: allow for a busy machine. */
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  s = await startTestServer();
  browser = await launchBrowser();
  apiToken = (await bootstrap(s, 'browser-org')).apiToken;
  await call(s, 'PATCH', '/api/v1/orgs/browser-org/settings', { token: apiToken, body: { name: 'Ada & <Co>' } });
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function invite(email: string): Promise<string> {
  const res = await call(s, 'POST', '/api/v1/orgs/browser-org/invitations', { token: apiToken, body: { emails: [email], role: 'member' } });
  expect(res.body.results[0].outcome).toBe('invited');
  return latestInviteToken(s, email);
}

describe('the invite page (R7, R8, R9, R11)', () => {
  test('a new person opens the link, sees who invited them, and accepts with a name and password', async () => {
    const token = await invite('newcomer@browser.test');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const res = await page.goto(`${s.url}/invite/${token}`);
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Join Ada & <Co>');
    expect(await page.locator('dl').textContent()).toContain('An administrator of Ada & <Co>');
    await page.screenshot({ path: `${shots}/invite-new-person.png`, fullPage: true });
    await page.fill('#name', 'New Comer');
    await page.fill('#password', 'a strong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#status').textContent(), POLL).toBe('You have joined Ada & <Co>.');
    await page.screenshot({ path: `${shots}/invite-joined.png`, fullPage: true });
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    expect(me.organizations.map((o: { slug: string }) => o.slug)).toEqual(['browser-org']);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  test('an existing account signs in on the page and accepts', async () => {
    await signUp(s, 'existing@browser.test', 'Existing', 'existing password');
    const token = await invite('existing@browser.test');
    const page = await browser.newPage();
    await page.goto(`${s.url}/invite/${token}`);
    await page.fill('#password', 'existing password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#status').textContent(), POLL).toBe('You have joined Ada & <Co>.');
    await page.close();
  });

  test('declining asks for confirmation; the used link then says what to do next', async () => {
    const token = await invite('decliner@browser.test');
    const page = await browser.newPage();
    await page.goto(`${s.url}/invite/${token}`);
    page.once('dialog', (d) => d.accept());
    await page.click('#decline');
    await expect.poll(() => page.locator('#status').textContent(), POLL).toBe('Invitation declined. You can close this page.');
    const after = await page.goto(`${s.url}/invite/${token}`);
    expect(after?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('This invitation was declined');
    await page.screenshot({ path: `${shots}/invite-declined.png`, fullPage: true });
    const unknown = await page.goto(`${s.url}/invite/gli_not-a-token`);
    expect(unknown?.status()).toBe(404);
    await page.close();
  });
});
