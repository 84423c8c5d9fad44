import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call } from '../support/client.ts';
import { expectAccessible, signInThroughPage } from '../support/console.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { deliverAll } from '../support/worker.ts';
import { DeliveryError } from '../../src/worker/delivery-error.ts';

// Issue 7 item 7: the Settings part of the console, driven in Chromium against the real server.
let s: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
/** A stand-in for Slack: answers the statuses queued in `slackAnswers`, then 200. */
let slack: Server;
let slackUrl: string;
const slackAnswers: number[] = [];
const slug = 'settings-org';
const settings = (path: string) => `${s.url}/o/${slug}/settings/${path}`;
const POLL = { timeout: 15_000 };
const shots = '.tmp/screenshots';
const PAGES = ['general', 'features', 'api-tokens', 'apps', 'teams', 'audit', 'notifications', 'mailbox'];

async function api<T = any>(method: string, path: string, body?: unknown, token = apiToken): Promise<{ status: number; body: T }> {
  return call<T>(s, method, `/api/v1${path}`, { token, body });
}

async function orgSettings() {
  return (await api('GET', `/orgs/${slug}`)).body;
}

/** The rows of the page's table, as text. */
async function rows(): Promise<string[]> {
  return page.locator('tbody tr').allInnerTexts();
}

beforeAll(async () => {
  // The operator allows the local Slack stand-in (host and private address).
  s = await startTestServer({ DEV_MAILBOX: 'true', OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: 'true' });
  slack = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(slackAnswers.shift() ?? 200);
      res.end();
    });
  });
  slackUrl = `http://127.0.0.1:${await new Promise<number>((resolve) => slack.listen(0, '127.0.0.1', () => resolve((slack.address() as AddressInfo).port)))}/services/T0/B0/x`;
  apiToken = (await bootstrap(s, slug, 'ada@settings.test', 'ada password 1')).apiToken;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
  page = await context.newPage();
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await new Promise<void>((resolve) => slack.close(() => resolve()));
});

describe('settings, as an admin', () => {
  test('signs in and renames the organization; a bad name is pointed out on the field', async () => {
    await signInThroughPage(page, s.url, 'ada@settings.test', 'ada password 1');
    await page.waitForURL(new RegExp(`/o/${slug}/`), POLL);
    await page.goto(settings('general'));
    const name = page.getByLabel('Organization name');
    await expect.poll(() => name.inputValue(), POLL).toBe('SETTINGS-ORG');
    await expect.poll(() => page.getByRole('textbox', { name: 'Organization ID' }).inputValue(), POLL).toMatch(/^[0-9a-f-]{36}$/);
    await name.fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByText('Give the organization a name').isVisible(), POLL).toBe(true);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Ada & Co');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(async () => (await orgSettings()).name, POLL).toBe('Ada & Co');
  });

  test('switches notifications off after a confirmation: what was queued is suppressed, a new invitation sends nothing, switching on sends nothing', async () => {
    const queued = await api('POST', `/orgs/${slug}/invitations`, { emails: ['queued@settings.test'], role: 'member' });
    expect(queued.body.results[0].outcome).toBe('invited');
    // The count of queued messages arrives after the dialog opens (a slow server): the dialog says
    // it is counting, then the number, never "nothing is waiting".
    let releaseCount!: () => void;
    const countHeld = new Promise<void>((resolve) => { releaseCount = resolve; });
    await page.route(/\/notifications\?.*status=queued/, async (route) => {
      await countHeld;
      await route.continue();
    });
    await page.goto(settings('features'));
    const toggle = page.getByRole('switch', { name: 'Enable notifications' });
    await expect.poll(() => toggle.isChecked(), POLL).toBe(true);
    await toggle.click({ force: true });
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), POLL).toContain('Counting the messages waiting in the queue');
    releaseCount();
    await expect.poll(() => dialog.textContent(), POLL).toContain('1 message waiting in the queue will be suppressed');
    await page.unroute(/\/notifications\?.*status=queued/);
    await page.waitForTimeout(400); // the dialog's opening transition
    await page.screenshot({ path: `${shots}/settings-notifications-off-confirm.png` });
    await dialog.getByRole('button', { name: 'Switch off' }).click();
    await expect.poll(async () => (await orgSettings()).settings.notificationsEnabled, POLL).toBe(false);
    await expect.poll(() => toggle.isChecked(), POLL).toBe(false);

    const muted = await api('POST', `/orgs/${slug}/invitations`, { emails: ['muted@settings.test'], role: 'member' });
    expect(muted.body.results[0]).toMatchObject({ outcome: 'created', code: 'notifications_disabled' });

    await page.goto(settings('notifications'));
    await expect.poll(rows, POLL).toEqual([expect.stringMatching(/queued@settings\.test[\s\S]*Suppressed[\s\S]*notifications were disabled for the organization/i)]);
    await page.screenshot({ path: `${shots}/settings-notifications-suppressed.png`, fullPage: true });
    expect((await rows()).join('\n')).not.toContain('muted@settings.test');

    await page.goto(settings('features'));
    await toggle.click({ force: true });
    await expect.poll(async () => (await orgSettings()).settings.notificationsEnabled, POLL).toBe(true);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await deliverAll(s);
    await page.goto(settings('notifications?status=sent'));
    await expect.poll(() => page.getByText('No sent messages').isVisible(), POLL).toBe(true);
    await page.goto(settings('notifications'));
    await expect.poll(rows, POLL).toEqual([expect.stringMatching(/queued@settings\.test[\s\S]*Suppressed/i)]);
  });

  test('a Slack webhook the server refuses is pointed out on the field', async () => {
    await page.goto(settings('features'));
    await page.getByLabel('Slack webhook URL').fill('https://example.com/hook');
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await expect.poll(() => page.getByText('only https://hooks.slack.com is allowed', { exact: false }).isVisible(), POLL).toBe(true);
    expect(await page.getByLabel('Slack webhook URL').getAttribute('aria-invalid')).toBe('true');
    expect((await orgSettings()).settings.slackWebhookUrl).toBeNull();
    await page.getByLabel('Slack webhook URL').fill(slackUrl);
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await expect.poll(async () => (await orgSettings()).settings.slackWebhookUrl, POLL).toBe(slackUrl);
  });

  test('creates an API token, copies the secret shown once, uses it, revokes it, and it is refused', async () => {
    await page.goto(settings('api-tokens'));
    await page.getByRole('button', { name: 'Create token' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('CI');
    await dialog.getByLabel('Admin').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secretBox = page.getByTestId('new-token');
    await expect.poll(() => secretBox.textContent(), POLL).toMatch(/^glt_/);
    const secret = (await secretBox.textContent())!;
    expect(await dialog.textContent()).toContain('only time the token is shown');
    await page.screenshot({ path: `${shots}/settings-token-once.png` });
    await dialog.getByRole('button', { name: 'Copy the token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole('button', { name: 'I have copied it' }).click();

    expect((await api('GET', `/orgs/${slug}/members`, undefined, secret)).status).toBe(200);
    await page.reload();
    await expect.poll(async () => (await rows()).find((r) => r.startsWith('CI')), POLL).toMatch(/ADMIN[\s\S]*by Ada[\s\S]*Active/i);
    expect((await rows()).join('\n')).not.toContain(secret);

    await page.getByRole('button', { name: 'Revoke the token “CI”' }).click();
    const confirm = page.getByRole('dialog');
    await expect.poll(() => confirm.textContent(), POLL).toContain('Revoke the token “CI”?');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(async () => (await rows()).find((r) => r.startsWith('CI')), POLL).toMatch(/Revoked/i);
    const refused = await api('GET', `/orgs/${slug}/members`, undefined, secret);
    expect([refused.status, refused.body.code]).toEqual([401, 'unauthenticated']);
  });

  test('a SCIM token is shown with the SCIM base URL, and that pair provisions while REST refuses the token (issue 11)', async () => {
    await page.goto(settings('api-tokens'));
    await page.getByRole('button', { name: 'Create token' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Entra');
    await dialog.getByLabel('SCIM').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secretBox = page.getByTestId('new-token');
    await expect.poll(() => secretBox.textContent(), POLL).toMatch(/^glt_/);
    const secret = (await secretBox.textContent())!;
    const baseUrl = (await page.getByTestId('scim-base-url').textContent())!;
    expect(baseUrl).toBe(`${s.url}/scim/v2`); // the server's PUBLIC_URL, not the page's origin
    await page.screenshot({ path: `${shots}/settings-token-scim.png` });
    const users = await fetch(`${baseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } });
    expect(users.status).toBe(200);
    expect(((await users.json()) as { totalResults: number }).totalResults).toBeGreaterThan(0);
    expect((await api('GET', `/orgs/${slug}/members`, undefined, secret)).status).toBe(404);
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
  });

  test('creates a team and an app and deletes them after a confirmation that names them', async () => {
    for (const [path, noun, name] of [['teams', 'team', 'Platform'], ['apps', 'app', 'Wiki']] as const) {
      await page.goto(settings(path));
      await expect.poll(() => page.getByText(`No ${path} yet`).isVisible(), POLL).toBe(true);
      await page.getByLabel(`New ${noun}`).fill(name);
      await page.getByRole('button', { name: `Create ${noun}` }).click();
      await expect.poll(rows, POLL).toEqual([expect.stringContaining(name)]);
      if (noun === 'team') expect((await rows())[0]).toMatch(/Platform\s+0\s/);
      await page.getByRole('button', { name: `Delete the ${noun} “${name}”` }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.textContent(), POLL).toContain(`Delete the ${noun} “${name}”?`);
      await dialog.getByRole('button', { name: `Delete ${noun}` }).click();
      await expect.poll(() => page.getByText(`No ${path} yet`).isVisible(), POLL).toBe(true);
      expect((await api('GET', `/orgs/${slug}/${path}`)).body.items).toEqual([]);
    }
  });

  test('sees these actions in the audit log with readable names, and filters by action and by actor', async () => {
    await page.goto(settings('audit'));
    await expect.poll(async () => (await rows()).length, POLL).toBeGreaterThan(10);
    const text = (await rows()).join('\n');
    for (const line of ['Deleted a team', 'Created a team', 'Deleted an app', 'Revoked an API token', 'Created an API token', 'Changed settings']) expect(text).toContain(line);
    expect(text).toMatch(/\bada\s+Revoked an API token\s+api_token\.revoked\s+Token “CI”/);
    expect(text).not.toMatch(/account:/);

    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Deleted a team' }).click();
    await expect.poll(rows, POLL).toEqual([expect.stringMatching(/Deleted a team[\s\S]*Team “Platform”/)]);
    expect(page.url()).toContain('action=team.deleted');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    // The whole log again before the next filter is picked: its dropdown opens on a settled page.
    await expect.poll(async () => (await rows()).length, POLL).toBeGreaterThan(10);
    expect(page.url()).not.toContain('action=');
    await page.getByRole('combobox', { name: 'Actor' }).click();
    await page.getByRole('option', { name: 'API token "bootstrap"' }).click();
    await expect.poll(() => page.url(), POLL).toContain('actor=');
    await expect.poll(async () => { const r = await rows(); return r.length > 0 && r.every((row) => row.includes('API token "bootstrap"')); }, POLL).toBe(true);
    const byToken = await rows();
    expect(byToken.join('\n')).toContain('Sent an invitation');
    expect(byToken.join('\n')).not.toContain('Deleted a team');
  });

  test('opens the development mailbox: an invitation link opens the invite page in a new tab; a replaced link shows as removed', async () => {
    await api('POST', `/orgs/${slug}/invitations`, { emails: ['twice@settings.test'], role: 'member' });
    await deliverAll(s);
    const invitation = (await api('GET', `/orgs/${slug}/invitations?status=pending`)).body.items.find((i: { email: string }) => i.email === 'twice@settings.test');
    expect((await api('POST', `/orgs/${slug}/invitations/${invitation.id}/resend`)).status).toBe(200);
    await deliverAll(s);

    await page.goto(settings('mailbox'));
    const messages = page.locator('article');
    await expect.poll(() => messages.count(), POLL).toBe(2);
    const [newest, older] = [messages.nth(0), messages.nth(1)];
    expect(await newest.textContent()).toContain('To twice@settings.test');
    expect(await older.textContent()).toContain('Link removed');
    expect(await older.getByRole('link', { name: 'Open the invitation' }).count()).toBe(0);
    const [tab] = await Promise.all([context.waitForEvent('page'), newest.getByRole('link', { name: 'Open the invitation' }).click()]);
    await tab.waitForLoadState();
    const token = /\/invite\/(gli_[A-Za-z0-9_-]+)$/.exec(tab.url())?.[1];
    expect(token).toBeDefined();
    await expect.poll(() => tab.getByRole('heading', { level: 1 }).textContent(), POLL).toContain('Ada & Co');
    // The link in the newest email is the invitation's live one.
    expect((await call(s, 'POST', '/api/v1/invite/preview', { body: { token } })).body).toMatchObject({ email: 'twice@settings.test', organization: { name: 'Ada & Co' } });
    await tab.close();
  });

  test('retries a failed Slack notice, and resends the invitation of a failed invitation email', async () => {
    await api('POST', `/orgs/${slug}/invitations`, { emails: ['sam@settings.test'], role: 'member' });
    const token = await latestInviteToken(s, 'sam@settings.test');
    expect((await call(s, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Sam', password: 'sam password 1' } })).status).toBe(200);
    await api('POST', `/orgs/${slug}/invitations`, { emails: ['bounce@settings.test'], role: 'member' });
    slackAnswers.push(400);
    const refusing = { name: 'refusing', send: async () => { throw new DeliveryError('550 mailbox unavailable', false); }, close: async () => {} };
    await deliverAll(s, refusing);

    await page.goto(settings('notifications?status=failed'));
    await expect.poll(rows, POLL).toEqual([
      expect.stringMatching(/Invitation[\s\S]*bounce@settings\.test[\s\S]*Failed[\s\S]*550 mailbox unavailable/i),
      expect.stringMatching(/Accepted notice[\s\S]*Slack[\s\S]*Failed[\s\S]*Slack 400/i),
    ]);
    await page.screenshot({ path: `${shots}/settings-notifications-failed.png`, fullPage: true });
    await page.getByRole('button', { name: 'Retry the message to slack' }).click();
    await expect.poll(async () => (await rows()).length, POLL).toBe(1);
    await deliverAll(s);
    const sent = (await api('GET', `/orgs/${slug}/notifications?status=sent`)).body.items;
    expect(sent).toContainEqual(expect.objectContaining({ channel: 'slack', kind: 'invitation_accepted', attempts: 1 }));

    await page.getByRole('button', { name: 'Resend the invitation to bounce@settings.test' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), POLL).toContain('Resend the invitation to bounce@settings.test?');
    await dialog.getByRole('button', { name: 'Resend invitation' }).click();
    await expect.poll(async () => (await api('GET', `/orgs/${slug}/notifications?status=queued`)).body.items, POLL).toEqual([
      expect.objectContaining({ kind: 'invitation_resend', recipient: 'bounce@settings.test' }),
    ]);
  });

  test('every settings page has no serious or critical accessibility violation, in light and in dark', async () => {
    for (const scheme of ['light', 'dark']) {
      await page.evaluate((value) => localStorage.setItem('guestlist-color-scheme', value), scheme);
      for (const path of PAGES) {
        await page.goto(settings(path));
        await page.waitForLoadState('networkidle');
        await page.locator('[aria-busy=true]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
        expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(scheme);
        await expectAccessible(page, `${path} (${scheme})`);
      }
    }
  }, 120_000);
});
