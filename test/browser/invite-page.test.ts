import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, signInThroughPage } from '../support/console.ts';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { expireInvitation, latestInviteToken } from '../support/invitations.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let apiToken: string;
const shots = '.tmp/screenshots';
/** Accepting hashes a password and opens a session: allow for a busy machine. */
const POLL = { timeout: 20_000 };

/** Waits until dialogs, popovers and notifications have finished fading in: axe measures colours as drawn. */
const settled = (page: Page) =>
  page.waitForFunction(() => [...document.querySelectorAll('.mantine-Modal-content, .mantine-Modal-overlay, .mantine-Popover-dropdown, .mantine-Notification-root')].every((e) => getComputedStyle(e).opacity === '1'));
const PASSWORD = 'correct horse battery';

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

async function invite(email: string): Promise<{ token: string; invitationId: string }> {
  const res = await call(s, 'POST', '/api/v1/orgs/browser-org/invitations', { token: apiToken, body: { emails: [email], role: 'member' } });
  expect(res.body.results[0].outcome).toBe('invited');
  return { token: await latestInviteToken(s, email), invitationId: res.body.results[0].invitationId };
}

/** A fresh browser with its own cookies; every request URL it makes is recorded, and page errors too. */
async function openPage(): Promise<{ page: Page; urls: string[]; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const urls: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, urls, errors };
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** The token went nowhere but the page's own address: not in an API path, a query, or a referrer. */
function expectTokenOnlyInPage(urls: string[], token: string): void {
  expect(urls.filter((u) => u.includes(token) && new URL(u).pathname !== `/invite/${token}`)).toEqual([]);
  expect(urls.filter((u) => u.includes(token)).length).toBeGreaterThan(0);
}

describe('the invite page (R7, R8, R9, R11)', () => {
  test('a new person sees who invited them, accepts with a name and password, and lands in the organization', async () => {
    const { token } = await invite('newcomer@browser.test');
    const { page, urls, errors } = await openPage();
    const res = await page.goto(`${s.url}/invite/${token}`);
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res?.headers()['cache-control']).toBe('no-store');
    await expect.poll(() => heading(page).textContent(), POLL).toBe('Join Ada & <Co>');
    const facts = await page.locator('dl').textContent();
    expect(facts).toContain('An administrator of Ada & <Co>');
    expect(facts).toContain('newcomer@browser.test');
    expect(facts).toContain('Member');
    await settled(page);
    await expectAccessible(page, 'invite page (new person)');
    await page.screenshot({ path: `${shots}/invite-new-person.png`, fullPage: true });

    await page.getByLabel('Your name').fill('New Comer');
    await page.locator('input[type=password]').fill('a strong password');
    await page.getByRole('button', { name: 'Accept and join' }).click();
    await page.waitForURL(`${s.url}/o/browser-org/people`, POLL);
    await expect.poll(() => page.getByRole('button', { name: /^Organization: Ada & <Co>/ }).count(), POLL).toBe(1);
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    expect(me.organizations.map((o: { slug: string }) => o.slug)).toEqual(['browser-org']);
    expect(me.account.name).toBe('New Comer');
    expectTokenOnlyInPage(urls, token);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('an existing account signs in on the page and accepts', async () => {
    await signUp(s, 'existing@browser.test', 'Existing', 'existing password');
    const { token } = await invite('existing@browser.test');
    const { page, urls } = await openPage();
    await page.goto(`${s.url}/invite/${token}`);
    await expect.poll(() => page.getByText('You already have an account as').count(), POLL).toBe(1);
    await page.locator('input[type=password]').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in and accept' }).click();
    await expect.poll(() => page.getByText('The email or password is not right.').count(), POLL).toBe(1);
    await page.locator('input[type=password]').fill('existing password');
    await page.getByRole('button', { name: 'Sign in and accept' }).click();
    await page.waitForURL(`${s.url}/o/browser-org/people`, POLL);
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    expect(me.organizations.map((o: { slug: string }) => o.slug)).toEqual(['browser-org']);
    expectTokenOnlyInPage(urls, token);
    await page.context().close();
  });

  test('declining asks for confirmation; the used link then says what to do next', async () => {
    const { token, invitationId } = await invite('decliner@browser.test');
    const { page, urls } = await openPage();
    await page.goto(`${s.url}/invite/${token}`);
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), POLL).toContain('Decline the invitation to Ada & <Co>?');
    await dialog.getByRole('button', { name: 'Decline invitation' }).click();
    await expect.poll(() => heading(page).textContent(), POLL).toBe('Invitation declined');
    const read = await call(s, 'GET', `/api/v1/orgs/browser-org/invitations/${invitationId}`, { token: apiToken });
    expect(read.body.status).toBe('declined');
    await page.goto(`${s.url}/invite/${token}`);
    await expect.poll(() => heading(page).textContent(), POLL).toBe('This invitation was declined');
    expectTokenOnlyInPage(urls, token);
    await page.context().close();
  });

  test('someone already signed in as the invited address accepts with one click', async () => {
    await signUp(s, 'signed@browser.test', 'Signed In', PASSWORD);
    const { token } = await invite('signed@browser.test');
    const { page, urls } = await openPage();
    await signInThroughPage(page, s.url, 'signed@browser.test', PASSWORD);
    await page.goto(`${s.url}/invite/${token}`);
    await expect.poll(() => page.getByText('You are signed in as signed@browser.test.').count(), POLL).toBe(1);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL(`${s.url}/o/browser-org/people`, POLL);
    await expect.poll(() => page.getByRole('button', { name: /^Organization: Ada & <Co>/ }).count(), POLL).toBe(1);
    expectTokenOnlyInPage(urls, token);
    await page.context().close();
  });

  test('someone signed in with another address is told so, and can sign out and continue', async () => {
    await signUp(s, 'other@browser.test', 'Other', PASSWORD);
    const { token } = await invite('intended@browser.test');
    const { page, urls } = await openPage();
    await signInThroughPage(page, s.url, 'other@browser.test', PASSWORD);
    await page.goto(`${s.url}/invite/${token}`);
    const told = page.getByText('You are signed in as other@browser.test, this invitation is for intended@browser.test.');
    await expect.poll(() => told.count(), POLL).toBe(1);
    expect(await page.getByRole('button', { name: 'Accept and join' }).count()).toBe(0);
    await settled(page);
    await expectAccessible(page, 'invite page (another account)');
    await page.screenshot({ path: `${shots}/invite-other-account.png`, fullPage: true });
    await page.getByRole('button', { name: 'Sign out and continue' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Accept and join' }).count(), POLL).toBe(1);
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status));
    expect(me).toBe(401);
    const read = await call(s, 'GET', '/api/v1/orgs/browser-org/invitations?status=pending', { token: apiToken });
    expect(read.body.items.map((i: { email: string }) => i.email)).toContain('intended@browser.test');
    expectTokenOnlyInPage(urls, token);
    await page.context().close();
  });

  test('every ended or unknown link says what happened and what to do next', async () => {
    const expired = await invite('expired@browser.test');
    await expireInvitation(s, expired.invitationId);
    const revoked = await invite('revoked@browser.test');
    await call(s, 'POST', `/api/v1/orgs/browser-org/invitations/${revoked.invitationId}/revoke`, { token: apiToken, body: {} });
    const accepted = await invite('accepted@browser.test');
    await call(s, 'POST', '/api/v1/invite/accept', { body: { token: accepted.token, name: 'Accepted', password: PASSWORD } });
    const declined = await invite('declined@browser.test');
    await call(s, 'POST', '/api/v1/invite/decline', { body: { token: declined.token } });
    const replaced = await invite('replaced@browser.test');
    await call(s, 'POST', `/api/v1/orgs/browser-org/invitations/${replaced.invitationId}/resend`, { token: apiToken });

    const cases: [string, string, string][] = [
      ['gli_never-issued-token', 'This invitation link is not valid', 'ask an administrator for a new invitation'],
      [expired.token, 'This invitation has expired', 'Ask an administrator of the organization to send you a new one.'],
      [revoked.token, 'This invitation was cancelled', 'Ask an administrator of the organization if you should still join.'],
      [accepted.token, 'This invitation was already accepted', 'Sign in with the invited address to continue.'],
      [declined.token, 'This invitation was declined', 'for a new one if you changed your mind'],
      [replaced.token, 'A newer invitation was sent', 'use the link in the newest email'],
    ];
    const { page, urls } = await openPage();
    for (const [token, title, next] of cases) {
      await page.goto(`${s.url}/invite/${token}`);
      await expect.poll(() => heading(page).textContent(), POLL).toBe(title);
      expect(await page.locator('main').textContent()).toContain(next);
      expectTokenOnlyInPage(urls, token);
    }
    await settled(page);
    await expectAccessible(page, 'invite page (ended link)');
    await page.screenshot({ path: `${shots}/invite-ended.png`, fullPage: true });
    await page.context().close();
  });
});
