import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { expectAccessible, mailedLink, signInThroughPage } from '../support/console.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 7, item 2: signing in, out, a forgotten password, email verification, the organization switcher.
let s: TestServer;
let browser: Browser;
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  s = await startTestServer({ DEV_MAILBOX: 'true' });
  browser = await launchBrowser();
  await bootstrap(s, 'first-co', 'boss@auth.test');
  await bootstrap(s, 'second-co', 'boss@auth.test');
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

describe('signing in and out', () => {
  test('/ sends a stranger to the sign-in page; a wrong password is said in plain words; the right one opens the organization', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${s.url}/`);
    await page.waitForURL(/\/sign-in\?next=/, POLL);
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Email').fill('boss@auth.test');
    await page.locator('input[type=password]').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('The email or password is not right.');
    await page.locator('input[type=password]').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/o\/(first|second)-co\/people/, POLL);

    // The switcher lists both organizations and opens the other one.
    const current = new URL(page.url()).pathname.split('/')[2];
    const other = current === 'first-co' ? 'second-co' : 'first-co';
    await page.getByRole('button', { name: /Switch organization/ }).click();
    await page.getByRole('menuitem', { name: new RegExp(other === 'first-co' ? 'First-co' : 'Second-co', 'i') }).click();
    await page.waitForURL(new RegExp(`/o/${other}/people`), POLL);

    // Signing out ends the session: the API no longer knows the browser.
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/, POLL);
    expect(await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status))).toBe(401);
    expect(errors).toEqual([]);
  });

  test('a deep link survives signing in', async () => {
    const { page } = await newPage();
    await page.goto(`${s.url}/o/second-co/people/invitations`);
    await page.waitForURL(/\/sign-in\?next=/, POLL);
    await page.getByLabel('Email').fill('boss@auth.test');
    await page.locator('input[type=password]').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/o\/second-co\/people\/invitations$/, POLL);
  });
});

describe('a forgotten password', () => {
  test('the emailed link opens the console page, sets the new password once, and the old one stops working', async () => {
    await signUp(s, 'forgetful@auth.test', 'Forgetful', 'old password 11');
    const { page } = await newPage();
    await page.goto(`${s.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill('forgetful@auth.test');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('is on its way');
    await expectAccessible(page, 'forgot-password');

    const link = await mailedLink(s, 'forgetful@auth.test', '/reset-password?token=');
    expect(new URL(link).origin).toBe(s.url);
    await page.goto(link);
    await page.getByLabel('New password', { exact: false }).first().fill('brand new password');
    await page.getByLabel('Repeat the new password', { exact: false }).fill('brand new password');
    await expectAccessible(page, 'reset-password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('Your new password is set');

    // Used once: the same link now says it does not work.
    await page.goto(link);
    await page.getByLabel('New password', { exact: false }).first().fill('third password 33');
    await page.getByLabel('Repeat the new password', { exact: false }).fill('third password 33');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('expired or was already used');

    await signInThroughPage(page, s.url, 'forgetful@auth.test', 'brand new password');
    await page.waitForURL(/\/welcome$/, POLL);
  });
});

describe('signing up and verifying the address', () => {
  test('a new account confirms its address from the email and lands signed in on the welcome page', async () => {
    const { page } = await newPage();
    await page.goto(`${s.url}/sign-up`);
    await page.getByLabel('Name').fill('Newbie');
    await page.getByLabel('Email').fill('newbie@auth.test');
    await page.locator('input[type=password]').fill('newbie password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('We sent a link to newbie@auth.test');

    const link = await mailedLink(s, 'newbie@auth.test', '/api/auth/verify-email?token=');
    await page.goto(link);
    await page.waitForURL(/\/email-verified$/, POLL);
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('your address is confirmed');
    await page.getByRole('link', { name: 'Continue to Guestlist' }).click();
    await page.waitForURL(/\/welcome$/, POLL);
    const me = await call(s, 'GET', '/api/v1/me', { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(me.body.account).toMatchObject({ email: 'newbie@auth.test', emailVerified: true });
  });

  test('a used or wrong verification link says so on a console page', async () => {
    const { page } = await newPage();
    await page.goto(`${s.url}/api/auth/verify-email?token=not-a-token&callbackURL=%2Femail-verified`);
    await page.waitForURL(/\/email-verified\?error=/, POLL);
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('has expired or was already used');
  });
});

describe('creating an organization', () => {
  test('an instance admin creates one from the switcher and lands in it as its admin', async () => {
    const { page } = await newPage();
    await signInThroughPage(page, s.url, 'boss@auth.test');
    await page.getByRole('button', { name: /Switch organization/ }).click();
    await page.getByRole('menuitem', { name: 'Create organization' }).click();
    await page.getByLabel('Name').fill('Third Company');
    expect(await page.getByLabel('Address').inputValue()).toBe('third-company');
    await page.getByLabel('Address').fill('first-co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expect.poll(() => page.getByText('already exists').count(), POLL).toBeGreaterThan(0);
    await page.getByLabel('Address').fill('third-co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/o\/third-co\/people/, POLL);
  });

  test('an account that may not create organizations is not offered it', async () => {
    await signUp(s, 'plain@auth.test', 'Plain');
    const { page } = await newPage();
    await signInThroughPage(page, s.url, 'plain@auth.test');
    await page.waitForURL(/\/welcome$/, POLL);
    expect(await page.getByRole('link', { name: 'Create organization' }).count()).toBe(0);
    await page.goto(`${s.url}/orgs/new`);
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('only its administrators create organizations');
  });
});
