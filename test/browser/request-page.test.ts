import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible } from '../support/console.ts';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestRequestToken } from '../support/invitations.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 9, in a real browser: the organization's sign-in page offers "Request an invitation" (R12),
// and the emailed link confirms the request.
let s: TestServer;
let browser: Browser;
let apiToken: string;
const shots = '.tmp/screenshots';
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  s = await startTestServer({ RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '1000' });
  browser = await launchBrowser();
  apiToken = (await bootstrap(s, 'rocket-labs')).apiToken;
  await call(s, 'PATCH', '/api/v1/orgs/rocket-labs/settings', { token: apiToken, body: { name: 'Rocket Labs', invitationRequestsEnabled: true } });
  await bootstrap(s, 'closed-co');
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function openPage(): Promise<{ page: Page; urls: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return { page, urls };
}

describe('asking to be invited', () => {
  test('from the console sign-in page to the organization page, the request, and the emailed link', async () => {
    const { page, urls } = await openPage();
    await page.goto(`${s.url}/sign-in`);
    await page.getByRole('link', { name: 'Ask an organization for an invitation' }).click();
    await page.getByLabel('Organization').fill('rocket-labs');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toBe('Sign in to Rocket Labs');
    await page.getByRole('button', { name: 'Request an invitation' }).click();
    await page.getByLabel('Your email').fill('Zoe@Outside.test');
    await page.getByLabel('Your name').fill('Zoe Outside');
    await page.getByLabel('Message to the administrators').fill('I work with the launch team.');
    await expectAccessible(page, 'request form');
    await page.screenshot({ path: `${shots}/request-form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Request an invitation' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('an email is on its way');
    await page.screenshot({ path: `${shots}/request-sent.png`, fullPage: true });

    const token = await latestRequestToken(s, 'Zoe@Outside.test');
    expect(urls.some((u) => u.includes(token))).toBe(false);
    const confirmUrls: string[] = [];
    const { page: mailLink } = await openPage();
    mailLink.on('request', (r) => confirmUrls.push(r.url()));
    await mailLink.goto(`${s.url}/request/confirm#token=${token}`);
    await expect.poll(() => mailLink.getByRole('status').textContent(), POLL).toContain('The administrators of Rocket Labs can now see your request');
    await expectAccessible(mailLink, 'request confirmed');
    await mailLink.screenshot({ path: `${shots}/request-confirmed.png`, fullPage: true });
    // The token travelled only in the page's fragment and in a request body, never in a URL sent to the server.
    expect(confirmUrls.filter((u) => u.includes(token))).toEqual([]);
    expect(await mailLink.evaluate(() => window.location.hash)).toBe('');

    const list = await call(s, 'GET', '/api/v1/orgs/rocket-labs/invitation-requests', { token: apiToken });
    expect(list.body.items).toEqual([expect.objectContaining({ email: 'Zoe@Outside.test', name: 'Zoe Outside', message: 'I work with the launch team.', status: 'open' })]);

    // The same link opened again (a new tab, as from the email) no longer works.
    const { page: again } = await openPage();
    await again.goto(`${s.url}/request/confirm#token=${token}`);
    await expect.poll(() => again.getByRole('alert').textContent(), POLL).toContain('unknown, was already used, or has expired');
  }, 60_000);

  test('an organization that takes no requests, and one that does not exist, offer only sign-in, in the same words', async () => {
    const texts: string[] = [];
    for (const slug of ['closed-co', 'no-such-org']) {
      const { page } = await openPage();
      await page.goto(`${s.url}/o/${slug}/sign-in`);
      await expect.poll(() => page.getByText('To join, ask an administrator').count(), POLL).toBe(1);
      expect(await page.getByRole('button', { name: 'Request an invitation' }).count()).toBe(0);
      texts.push((await page.locator('main').textContent()) ?? '');
    }
    expect(texts[0]).toBe(texts[1]);
  });
});
