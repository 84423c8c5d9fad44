import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call } from '../support/client.ts';
import { expectAccessible, signInThroughPage } from '../support/console.ts';
import { expireInvitation, latestInviteToken } from '../support/invitations.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let apiToken: string;
const ORG = 'people-org';
const ADMIN = `admin@${ORG}.test`;
const PASSWORD = 'correct horse battery';
const shots = '.tmp/screenshots';
/** Signing in hashes a password and the machine is shared: allow for a slow answer. */
const POLL = { timeout: 20_000 };

async function invite(emails: string[], role = 'member'): Promise<Record<string, string>> {
  const res = await call(s, 'POST', `/api/v1/orgs/${ORG}/invitations`, { token: apiToken, body: { emails, role } });
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.results.map((r: { email: string; invitationId: string }) => [r.email, r.invitationId]));
}

async function memberByEmail(email: string): Promise<{ id: string; role: string; status: string; badge: string | null } | undefined> {
  const res = await call(s, 'GET', `/api/v1/orgs/${ORG}/members?q=${encodeURIComponent(email)}`, { token: apiToken });
  return res.body.items.find((m: { email: string }) => m.email === email);
}

beforeAll(async () => {
  s = await startTestServer();
  browser = await launchBrowser();
  apiToken = (await bootstrap(s, ORG)).apiToken;
  const ids = await invite(['grace@people.test', 'ed@people.test', 'dee@people.test', 'joiner@people.test', 'pat@people.test']);
  await expireInvitation(s, ids['ed@people.test']!);
  expect((await call(s, 'POST', '/api/v1/invite/decline', { body: { token: await latestInviteToken(s, 'dee@people.test') } })).status).toBe(200);
  const accepted = await call(s, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(s, 'joiner@people.test'), name: 'Jo Iner', password: PASSWORD } });
  expect(accepted.status).toBe(200);
  const named = { 'grace@people.test': 'Grace Hopper', 'ed@people.test': 'Ed Expired', 'dee@people.test': 'Dee Clined', 'pat@people.test': 'Pat Pending' };
  for (const [email, name] of Object.entries(named)) {
    const member = await memberByEmail(email);
    expect((await call(s, 'PATCH', `/api/v1/orgs/${ORG}/members/${member!.id}`, { token: apiToken, body: { name } })).status).toBe(200);
  }
  expect((await call(s, 'POST', `/api/v1/orgs/${ORG}/members`, { token: apiToken, body: { email: 'nora@people.test', name: 'Nora Notyet', role: 'member' } })).status).toBe(201);
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function signedInPage(colorScheme: 'light' | 'dark' = 'light', width = 1280, email = ADMIN): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInThroughPage(page, s.url, email, PASSWORD);
  await page.goto(`${s.url}/o/${ORG}/people`);
  return { page, errors };
}

async function adminPage(colorScheme: 'light' | 'dark' = 'light', width = 1280): Promise<{ page: Page; errors: string[] }> {
  const opened = await signedInPage(colorScheme, width);
  await expect.poll(() => opened.page.getByText(ADMIN).count(), POLL).toBe(1);
  return opened;
}

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
const names = async (page: Page) => (await page.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());

describe('People → Users in the browser (issue 7, items 3 and 4)', { timeout: 120_000 }, () => {
  test('an admin sees every badge, searches, filters, changes a role, adds, invites, removes, deactivates and reactivates people', async () => {
    const { page, errors } = await adminPage();
    const badge = async (text: string) => (await row(page, text).locator('.mantine-Badge-root').innerText()).trim();
    await expect.poll(() => badge('Grace Hopper'), POLL).toBe('Invited');
    expect(await badge('Ed Expired')).toBe('Expired');
    expect(await badge('Dee Clined')).toBe('Declined');
    expect(await badge('Jo Iner')).toBe('Active');
    expect(await badge('Nora Notyet')).toBe('Not invited');
    expect(await row(page, 'Grace Hopper').innerText()).toContain('API token "bootstrap"');
    await page.screenshot({ path: `${shots}/people-users.png`, fullPage: true });

    await page.getByLabel('Search').fill('grace h');
    await expect.poll(() => names(page), POLL).toEqual(['Grace Hopper']);
    await page.getByLabel('Search').fill('');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Expired' }).click();
    await expect.poll(() => names(page), POLL).toEqual(['Ed Expired']);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(async () => (await names(page)).length, POLL).toBeGreaterThan(5);

    await page.getByRole('combobox', { name: 'Role of Pat Pending' }).click();
    await page.getByRole('option', { name: 'Guest' }).click();
    await expect.poll(async () => (await memberByEmail('pat@people.test'))?.role, POLL).toBe('guest');
    await expect.poll(() => page.getByRole('combobox', { name: 'Role of Pat Pending' }).inputValue(), POLL).toBe('Guest');

    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Name').fill('Newt Person');
    await dialog.getByLabel('Email').fill('newt@people.test');
    await dialog.getByRole('button', { name: 'Create only' }).click();
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    await expect.poll(() => badge('Newt Person'), POLL).toBe('Not invited');

    await page.getByRole('button', { name: 'Send invite to Newt Person' }).click();
    await expect.poll(() => badge('Newt Person'), POLL).toBe('Invited');
    await expect.poll(() => page.getByText('Invitation sent to newt@people.test.').count(), POLL).toBe(1);

    await page.getByRole('button', { name: 'Actions for Dee Clined' }).click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Dee Clined?' });
    expect(await confirm.innerText()).toContain('dee@people.test');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row(page, 'Dee Clined').count(), POLL).toBe(0);
    expect(await memberByEmail('dee@people.test')).toBeUndefined();

    await page.getByRole('button', { name: 'Actions for Jo Iner' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate…' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Jo Iner?' }).getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => badge('Jo Iner'), POLL).toBe('Deactivated');
    await page.getByRole('button', { name: 'Actions for Jo Iner' }).click();
    await page.getByRole('menuitem', { name: 'Reactivate…' }).click();
    await page.getByRole('dialog', { name: 'Reactivate Jo Iner?' }).getByRole('button', { name: 'Reactivate' }).click();
    await expect.poll(() => badge('Jo Iner'), POLL).toBe('Active');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test("the last admin's role and removal are disabled and say why", async () => {
    const { page } = await adminPage();
    const role = page.getByRole('combobox', { name: /^Role of admin \(cannot change/ });
    await expect.poll(() => role.isDisabled(), POLL).toBe(true);
    await page.getByRole('button', { name: 'Actions for admin', exact: true }).click();
    const remove = page.getByRole('menuitem', { name: /^Remove… \(not possible/ });
    expect(await remove.getAttribute('aria-disabled')).toBe('true');
    await remove.hover();
    await expect.poll(() => page.getByRole('tooltip').innerText(), POLL).toContain('The organization needs at least one admin');
    await remove.click({ force: true });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  test('the Users tab has no serious or critical axe violation, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await adminPage(scheme);
      await expect.poll(() => row(page, 'Grace Hopper').count(), POLL).toBe(1);
      await expectAccessible(page, `users ${scheme}`);
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('dialog', { name: 'Add user' }).waitFor();
      await expectAccessible(page, `add user ${scheme}`);
      await page.screenshot({ path: `${shots}/people-add-user-${scheme}.png` });
      await page.context().close();
    }
  });

  test('Platform Access lists only active people; on a phone the list is cards', async () => {
    const { page } = await adminPage('dark', 390);
    await page.goto(`${s.url}/o/${ORG}/people/platform-access`);
    const cards = page.getByRole('list', { name: 'People' }).getByRole('listitem');
    await expect.poll(async () => (await cards.allInnerTexts()).map((t) => t.split('\n')[0]), POLL).toEqual(['admin', 'Jo Iner']);
    await expectAccessible(page, 'platform access phone dark');
    await page.screenshot({ path: `${shots}/people-platform-phone-dark.png`, fullPage: true });
    await page.context().close();
  });

  test('a member reads the list without controls; a guest is told the list is not for them', async () => {
    const member = await signedInPage('light', 1280, 'joiner@people.test');
    await expect.poll(() => row(member.page, 'Grace Hopper').count(), POLL).toBe(1);
    expect(await member.page.getByRole('combobox', { name: /^Role of/ }).count()).toBe(0);
    expect(await member.page.getByRole('button', { name: /^Actions for|^Send invite/ }).count()).toBe(0);
    expect(await row(member.page, 'Grace Hopper').innerText()).toContain('Member');
    await member.page.context().close();

    await invite(['gus@people.test'], 'guest');
    expect((await call(s, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(s, 'gus@people.test'), name: 'Gus', password: PASSWORD } })).status).toBe(200);
    const guest = await signedInPage('light', 1280, 'gus@people.test');
    await expect.poll(() => guest.page.getByText('The people list is for members and admins').count(), POLL).toBe(1);
    await guest.page.context().close();
  });

  test('Manage saves name and teams; problems land on their field; with notifications off, nothing is sent and the page says so', async () => {
    const team = await call(s, 'POST', `/api/v1/orgs/${ORG}/teams`, { token: apiToken, body: { name: 'Support' } });
    expect(team.status).toBe(201);
    const { page, errors } = await adminPage();
    await page.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menuitem', { name: 'Manage…' }).click();
    const manage = page.getByRole('dialog', { name: 'Manage Grace Hopper' });
    await manage.getByLabel('Name').fill('Grace B. Hopper');
    await manage.getByLabel('Teams').click();
    await page.getByRole('option', { name: 'Support' }).click();
    await manage.getByLabel('Name').click();
    await manage.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => manage.count(), POLL).toBe(0);
    const saved = await call(s, 'GET', `/api/v1/orgs/${ORG}/members/${(await memberByEmail('grace@people.test'))!.id}`, { token: apiToken });
    expect(saved.body).toMatchObject({ name: 'Grace B. Hopper', teams: [{ name: 'Support' }] });

    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    await add.getByLabel('Email').fill('joiner@people.test');
    await add.getByRole('button', { name: 'Create only' }).click();
    await expect.poll(() => add.getByLabel('Email').getAttribute('aria-invalid'), POLL).toBe('true');
    expect(await add.innerText()).toContain('The user already exists in the organization.');
    await add.getByRole('button', { name: 'Close' }).click();

    expect((await call(s, 'PATCH', `/api/v1/orgs/${ORG}/settings`, { token: apiToken, body: { notificationsEnabled: false } })).status).toBe(200);
    await page.getByRole('button', { name: 'Send invite to Nora Notyet' }).click();
    await expect.poll(() => page.getByText('Notifications are off for this organization').count(), POLL).toBe(1);
    expect((await memberByEmail('nora@people.test'))?.badge).toBe('not_invited');
    expect((await call(s, 'PATCH', `/api/v1/orgs/${ORG}/settings`, { token: apiToken, body: { notificationsEnabled: true } })).status).toBe(200);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
