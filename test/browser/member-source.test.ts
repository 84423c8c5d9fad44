import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember } from '../../src/domain/members/add-member.ts';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call, signIn } from '../support/client.ts';
import { expectAccessible, signInThroughPage } from '../support/console.ts';
import { confirmedRequest } from '../support/requests.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// People → Users shows how each member was added (the member's `source`), SCIM members as a badge.
let s: TestServer;
let browser: Browser;
let apiToken: string;
const ORG = 'source-org';
const ADMIN = `admin@${ORG}.test`;
const PASSWORD = 'correct horse battery';
const shots = '.tmp/screenshots';
/** Signing in hashes a password and the machine is shared: allow for a slow answer. */
const POLL = { timeout: 20_000 };
/** What the Users list should say for each seeded person. */
const EXPECTED = { admin: 'CLI', 'Api Person': 'API', 'Connie Console': 'Console', 'Sam Scim': 'SCIM', 'Rita Request': 'Request' };

beforeAll(async () => {
  s = await startTestServer();
  browser = await launchBrowser();
  const boot = await bootstrap(s, ORG);
  apiToken = boot.apiToken;
  // source 'api': added with an API token.
  const byApi = await call(s, 'POST', `/api/v1/orgs/${ORG}/members`, { token: apiToken, body: { email: 'api@source.test', name: 'Api Person', role: 'member' } });
  expect(byApi.status).toBe(201);
  // source 'console': added with the console's session.
  const session = await signIn(s, ADMIN, PASSWORD);
  const byConsole = await call(s, 'POST', `/api/v1/orgs/${ORG}/members`, { session, body: { email: 'connie@source.test', name: 'Connie Console', role: 'member' } });
  expect(byConsole.status).toBe(201);
  // source 'scim': what SCIM provisioning records, through the shared use case.
  const access = { orgId: boot.org.id, actor: { kind: 'system', name: 'scim' } as const, role: 'admin' as const };
  const scim = await addMember(s.database.db, access, { email: 'sam@source.test', name: 'Sam Scim', role: 'member', sendInvite: false, source: 'scim' }, s.config.publicUrl, s.config.invitationsPerDayPerOrg);
  expect(scim.member.source).toBe('scim');
  // source 'request': an approved invitation request.
  expect((await call(s, 'PATCH', `/api/v1/orgs/${ORG}/settings`, { token: apiToken, body: { invitationRequestsEnabled: true } })).status).toBe(200);
  await confirmedRequest(s, ORG, { email: 'rita@outside.test', name: 'Rita Request' });
  const requests = await call(s, 'GET', `/api/v1/orgs/${ORG}/invitation-requests`, { token: apiToken });
  const approved = await call(s, 'POST', `/api/v1/orgs/${ORG}/invitation-requests/${requests.body.items[0].id}/approve`, { token: apiToken, body: { role: 'member' } });
  expect(approved.status).toBe(200);
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
  await page.goto(`${s.url}/o/${ORG}/people`);
  return { page, errors };
}

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/** Each row's first name line and the text of its Source cell, as the table shows them (empty while loading). */
async function tableSources(page: Page): Promise<Record<string, string>> {
  const column = (await page.locator('thead th').allInnerTexts()).map((t) => t.trim()).indexOf('Source');
  if (column < 0) return {};
  const rows = await page.locator('tbody tr').all();
  const pairs = await Promise.all(rows.map(async (r) => [
    (await r.locator('td').first().innerText()).split('\n')[0]!.trim(),
    (await r.locator('td').nth(column).innerText()).trim(),
  ]));
  return Object.fromEntries(pairs);
}

describe('People → Users shows how each member was added', { timeout: 120_000 }, () => {
  test('the API reports the source of every seeded member', async () => {
    const res = await call(s, 'GET', `/api/v1/orgs/${ORG}/members`, { token: apiToken });
    const sources = Object.fromEntries(res.body.items.map((m: { name: string | null; email: string; source: string }) => [m.name ?? m.email, m.source]));
    expect(sources).toEqual({ admin: 'cli', 'Api Person': 'api', 'Connie Console': 'console', 'Sam Scim': 'scim', 'Rita Request': 'request' });
  });

  test('the table has a Source column; SCIM members carry a badge whose tooltip explains it', async () => {
    const { page, errors } = await adminPage();
    await expect.poll(() => tableSources(page), POLL).toEqual(EXPECTED);
    // Only the SCIM member's source is a badge (next to the status badge every row has).
    const column = (await page.locator('thead th').allInnerTexts()).map((t) => t.trim()).indexOf('Source');
    expect(await row(page, 'Sam Scim').locator('td').nth(column).locator('.mantine-Badge-root').count()).toBe(1);
    expect(await row(page, 'Api Person').locator('td').nth(column).locator('.mantine-Badge-root').count()).toBe(0);
    await page.screenshot({ path: `${shots}/member-source-users.png`, fullPage: true });

    await row(page, 'Sam Scim').getByText('SCIM', { exact: true }).hover();
    await expect.poll(() => page.getByRole('tooltip').innerText(), POLL).toBe('Added by SCIM provisioning, managed by your identity provider');
    await row(page, 'Connie Console').getByText('Console', { exact: true }).hover();
    await expect.poll(() => page.getByRole('tooltip').innerText(), POLL).toBe('Added in the console');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the Users tab with sources has no serious or critical axe violation, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await adminPage(scheme);
      await expect.poll(() => tableSources(page), POLL).toEqual(EXPECTED);
      await expectAccessible(page, `users with sources ${scheme}`);
      await page.context().close();
    }
  });

  test('on a phone each card shows its source under the status, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await adminPage(scheme, 390);
      const card = (name: string) => page.getByRole('list', { name: 'People' }).getByRole('listitem').filter({ hasText: name });
      await expect.poll(() => card('Sam Scim').count(), POLL).toBe(1);
      for (const [name, label] of Object.entries(EXPECTED)) {
        expect(await card(name).getByText(label === 'SCIM' ? label : `via ${label}`, { exact: true }).count(), name).toBe(1);
      }
      expect(await card('Sam Scim').locator('.mantine-Badge-root').allInnerTexts()).toEqual(['Not invited', 'SCIM']);
      await expectAccessible(page, `users with sources phone ${scheme}`);
      await page.screenshot({ path: `${shots}/member-source-users-phone-${scheme}.png`, fullPage: true });
      await page.context().close();
    }
  });

  test('Manage says how the person was added; for SCIM members, that their identity provider manages them', async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('button', { name: 'Actions for Sam Scim' }).click();
    await page.getByRole('menuitem', { name: 'Manage…' }).click();
    const scim = page.getByRole('dialog', { name: 'Manage Sam Scim' });
    await expect.poll(() => scim.getByText('Managed by your identity provider').count(), POLL).toBe(1);
    expect(await scim.innerText()).toContain('Added by SCIM provisioning from your identity provider');
    await expectAccessible(page, 'manage scim member');
    await page.screenshot({ path: `${shots}/member-source-manage-scim.png` });
    await scim.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => scim.count(), POLL).toBe(0);

    await page.getByRole('button', { name: 'Actions for Api Person' }).click();
    await page.getByRole('menuitem', { name: 'Manage…' }).click();
    const api = page.getByRole('dialog', { name: 'Manage Api Person' });
    await expect.poll(() => api.getByText('api@source.test · Member · Added through the REST API').count(), POLL).toBe(1);
    expect(await api.getByText('Managed by your identity provider').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
