import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { bootstrap, call, signUp, verifyEmail } from '../support/client.ts';
import { expectAccessible, settled, signInThroughPage } from '../support/console.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { deliverAll } from '../support/worker.ts';

// Issue 7, items 4, 5, 6 and 8, in a real browser: the admin's invitations and the invitee's side.
// The tests run in order on one admin page; the longer ones run axe-core more than once.
let s: TestServer;
let browser: Browser;
let apiToken: string;
const ORG = 'rocket-co';
const BASE = () => `${s.url}/o/${ORG}/people`;
const POLL = { timeout: 20_000 };

const PASSWORD = 'correct horse battery';
const shots = '.tmp/screenshots';

beforeAll(async () => {
  s = await startTestServer({ DEV_MAILBOX: 'true' });
  browser = await launchBrowser();
  apiToken = (await bootstrap(s, ORG, 'boss@rocket.test')).apiToken;
  await call(s, 'PATCH', `/api/v1/orgs/${ORG}/settings`, { token: apiToken, body: { name: 'Rocket Co' } });
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

const invitation = async (email: string) => {
  const list = await call(s, 'GET', `/api/v1/orgs/${ORG}/invitations?limit=200`, { token: apiToken });
  return list.body.items.find((i: { email: string }) => i.email === email);
};
const row = (page: Page, email: string) => page.getByRole('row').filter({ hasText: email });
const dialog = (page: Page) => page.getByRole('dialog');

describe('the admin invites, resends, cancels and sends to all; invitees answer', () => {
  let admin: Page;
  let adminErrors: string[];

  test('three addresses with one malformed: pointed out before sending, fixed, sent, shown as Pending', async () => {
    ({ page: admin, errors: adminErrors } = await newPage());
    await signInThroughPage(admin, s.url, 'boss@rocket.test');
    await admin.goto(`${BASE()}/invitations`);
    await expect.poll(() => admin.getByText('No invitations yet').count(), POLL).toBe(1);

    await admin.getByRole('button', { name: 'Invite New Users' }).click();
    await admin.getByLabel('Email addresses').fill('ann@rocket.test, bob@rocket.test\ncarl@rocket');
    const problems = dialog(admin).getByRole('alert');
    await expect.poll(() => problems.textContent(), POLL).toContain('1 address needs fixing before sending');
    expect(await problems.textContent()).toContain('carl@rocket');
    expect(await problems.textContent()).toContain('has an invalid domain');
    expect(await dialog(admin).getByRole('button', { name: 'Create & send' }).isDisabled()).toBe(true);
    await settled(admin);
    await expectAccessible(admin, 'invite dialog with a malformed address');
    await admin.screenshot({ path: `${shots}/invite-dialog-errors.png` });

    await admin.getByLabel('Email addresses').fill('ann@rocket.test, bob@rocket.test\ncarl@rocket.test');
    const send = dialog(admin).getByRole('button', { name: 'Create & send' });
    await expect.poll(() => send.isEnabled(), POLL).toBe(true);
    expect(await problems.count()).toBe(0);
    await send.click();
    await expect.poll(() => dialog(admin).getByRole('list', { name: 'Results by outcome' }).textContent(), POLL).toBe('Invited: 3');
    const results = dialog(admin).getByRole('table', { name: 'What happened to each address' });
    for (const email of ['ann@rocket.test', 'bob@rocket.test', 'carl@rocket.test']) expect(await results.textContent()).toContain(email);
    await settled(admin);
    await expectAccessible(admin, 'invite dialog results');
    await admin.screenshot({ path: `${shots}/invite-dialog-results.png` });
    await dialog(admin).getByRole('button', { name: 'Done' }).click();

    for (const email of ['ann@rocket.test', 'bob@rocket.test', 'carl@rocket.test']) {
      await expect.poll(() => row(admin, email).getByText('Pending', { exact: true }).count(), POLL).toBe(1);
    }
    await expect.poll(() => admin.getByRole('tab', { name: /Invitations/ }).textContent(), POLL).toBe('Invitations3');
    await settled(admin);
    await expectAccessible(admin, 'invitations tab');
    await admin.screenshot({ path: `${shots}/invitations-tab.png`, fullPage: true });

    // The search narrows the list to addresses starting with what is typed, and says when none do.
    await admin.getByLabel('Search').fill('B');
    // (While the search loads, the list shows placeholders: wait for the searched list itself.)
    await expect.poll(async () => [await row(admin, 'ann@rocket.test').count(), await row(admin, 'bob@rocket.test').count()], POLL).toEqual([0, 1]);
    await admin.getByLabel('Search').fill('zed');
    await expect.poll(() => admin.getByText('No invitations to addresses starting with “zed”').count(), POLL).toBe(1);
    await admin.getByLabel('Search').fill('');
    await expect.poll(() => row(admin, 'ann@rocket.test').count(), POLL).toBe(1);
  }, 60_000);

  test('resend asks first, naming the person; the invitation is sent a second time', async () => {
    await admin.getByRole('button', { name: 'Resend the invitation to ann@rocket.test' }).click();
    await expect.poll(() => dialog(admin).textContent(), POLL).toContain('ann@rocket.test gets a new email with a new link');
    await dialog(admin).getByRole('button', { name: 'Resend invitation' }).click();
    await expect.poll(() => admin.getByText('A new invitation email is on its way to ann@rocket.test.').count(), POLL).toBe(1);
    await expect.poll(async () => (await invitation('ann@rocket.test')).sentCount, POLL).toBe(2);
    await expect.poll(() => row(admin, 'ann@rocket.test').getByRole('cell').nth(4).textContent(), POLL).toBe('2');
  });

  test('cancel with "also remove this person" ends the invitation and removes the member', async () => {
    await admin.getByRole('button', { name: 'Cancel the invitation to bob@rocket.test' }).click();
    await expect.poll(() => dialog(admin).textContent(), POLL).toContain('The invitation to bob@rocket.test stops working');
    await dialog(admin).getByLabel('Also remove this person from the organization').check();
    await dialog(admin).getByRole('button', { name: 'Cancel invitation' }).click();
    await expect.poll(() => row(admin, 'bob@rocket.test').getByText('Canceled', { exact: true }).count(), POLL).toBe(1);
    expect((await invitation('bob@rocket.test')).status).toBe('revoked');
    const members = await call(s, 'GET', `/api/v1/orgs/${ORG}/members?limit=200`, { token: apiToken });
    expect(members.body.items.map((m: { email: string }) => m.email)).not.toContain('bob@rocket.test');
  });

  test('create only adds a person without sending; "Send invites to all users" names how many and sends', async () => {
    await admin.getByRole('button', { name: 'Invite New Users' }).click();
    await admin.getByLabel('Email addresses').fill('dora@rocket.test');
    await admin.getByLabel('Name').fill('Dora Explorer');
    const createOnly = dialog(admin).getByRole('button', { name: 'Create only' });
    await expect.poll(() => createOnly.isEnabled(), POLL).toBe(true);
    await createOnly.click();
    await expect.poll(() => dialog(admin).getByRole('list', { name: 'Results by outcome' }).textContent(), POLL).toBe('Created: 1');
    await dialog(admin).getByRole('button', { name: 'Done' }).click();
    expect(await invitation('dora@rocket.test')).toBeUndefined();

    // Ann and Carl have open invitations, Dora none: three people are mailed.
    await admin.getByRole('button', { name: 'Send invites to all users' }).click();
    await expect.poll(() => dialog(admin).textContent(), POLL).toContain('3 people will be emailed an invitation to Rocket Co.');
    await settled(admin);
    await expectAccessible(admin, 'send to all confirmation');
    await admin.screenshot({ path: `${shots}/send-all-confirmation.png` });
    await dialog(admin).getByRole('button', { name: 'Send 3 invitations' }).click();
    await expect.poll(() => admin.getByText('Sent to 3 people: 1 new, 2 sent again with a new link.').count(), POLL).toBe(1);
    await admin.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(admin, 'Dora Explorer').getByText('Pending', { exact: true }).count(), POLL).toBe(1);
  }, 60_000);

  test('another person with an account declines from the bell', async () => {
    await signUp(s, 'dana@elsewhere.test', 'Dana Elsewhere', PASSWORD);
    await verifyEmail(s, 'dana@elsewhere.test');
    await call(s, 'POST', `/api/v1/orgs/${ORG}/invitations`, { token: apiToken, body: { emails: ['dana@elsewhere.test'], role: 'member' } });
    const { page: dana, errors } = await newPage();
    await signInThroughPage(dana, s.url, 'dana@elsewhere.test', PASSWORD);
    const bell = dana.getByRole('button', { name: 'Invitations (1 pending)' });
    await expect.poll(() => bell.count(), POLL).toBe(1);
    await bell.click();
    const popover = dana.getByRole('dialog', { name: 'Invitations' });
    const invitations = popover.getByRole('list', { name: 'Pending invitations' });
    await expect.poll(() => invitations.textContent(), POLL).toContain('Rocket Co');
    expect(await invitations.textContent()).toContain('Invited as Member by An administrator of Rocket Co');
    await settled(dana);
    await expectAccessible(dana, 'bell popover');
    await dana.screenshot({ path: `${shots}/bell.png` });
    await popover.getByRole('button', { name: 'Decline the invitation to Rocket Co' }).click();
    const confirm = dana.getByRole('dialog', { name: 'Decline the invitation to Rocket Co?' });
    await confirm.getByRole('button', { name: 'Decline invitation' }).click();
    await expect.poll(() => dana.getByRole('button', { name: 'Invitations (0 pending)' }).count(), POLL).toBe(1);
    await expect.poll(async () => (await invitation('dana@elsewhere.test')).status, POLL).toBe('declined');
    expect(errors).toEqual([]);
    await dana.context().close();
  });

  test('an admin of one organization accepts another from the bell; the switcher shows it and it opens', async () => {
    const moon = await bootstrap(s, 'moon-co', 'chief@moon.test');
    await call(s, 'POST', '/api/v1/orgs/moon-co/invitations', { token: moon.apiToken, body: { emails: ['Boss@Rocket.test'], role: 'member' } });
    await admin.reload();
    const bell = admin.getByRole('button', { name: 'Invitations (1 pending)' });
    await expect.poll(() => bell.count(), POLL).toBe(1);
    await bell.click();
    const popover = admin.getByRole('dialog', { name: 'Invitations' });
    await popover.getByRole('button', { name: 'Accept the invitation to MOON-CO' }).click();
    await expect.poll(() => popover.getByText('You joined MOON-CO').count(), POLL).toBe(1);
    await popover.getByRole('button', { name: 'Open MOON-CO' }).click();
    await admin.waitForURL(`${s.url}/o/moon-co/people`, POLL);
    await expect.poll(() => admin.getByRole('button', { name: /^Organization: MOON-CO/ }).count(), POLL).toBe(1);
    await admin.getByRole('button', { name: /Switch organization/ }).click();
    expect(await admin.getByRole('menuitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Rocket Co'), expect.stringContaining('MOON-CO')]));
    await admin.keyboard.press('Escape');
    await admin.goto(`${BASE()}/invitations`);
  });

  test('the invitee opens the emailed link from the development mailbox, accepts as a new person and sees the organization', async () => {
    await deliverAll(s);
    const mailbox = await admin.evaluate((org) => fetch(`/api/v1/dev/mailbox?org=${org}&to=carl@rocket.test`).then((r) => r.json()), ORG);
    const link = /https?:\/\/\S+\/invite\/gli_[A-Za-z0-9_-]+/.exec(mailbox.items[0].text)?.[0];
    expect(link).toBeDefined();
    const { page: carl, errors } = await newPage();
    await carl.goto(link!);
    await expect.poll(() => carl.getByRole('heading', { level: 1 }).textContent(), POLL).toBe('Join Rocket Co');
    await settled(carl);
    await expectAccessible(carl, 'invite page');
    await carl.getByLabel('Your name').fill('Carl Newcomer');
    await carl.locator('input[type=password]').fill('a strong password');
    await carl.getByRole('button', { name: 'Accept and join' }).click();
    await carl.waitForURL(`${BASE()}`, POLL);
    await expect.poll(() => carl.getByRole('button', { name: /^Organization: Rocket Co/ }).count(), POLL).toBe(1);
    expect((await invitation('carl@rocket.test')).status).toBe('accepted');
    expect(errors).toEqual([]);
    await carl.context().close();
  });

  test('a CSV file fills the list from its email column; people already known are pointed out', async () => {
    await admin.getByRole('button', { name: 'Invite New Users' }).click();
    const csv = 'Name,Email,Team\n"Erin, the Engineer",erin@rocket.test,Core\nAnn again,ann@rocket.test,Core\n';
    await dialog(admin).locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => admin.getByLabel('Email addresses').inputValue(), POLL).toBe('erin@rocket.test\nann@rocket.test');
    await expect.poll(() => dialog(admin).textContent(), POLL).toContain('1 already in the organization');
    expect(await dialog(admin).textContent()).toContain('already has a pending invitation');
    await dialog(admin).getByRole('button', { name: 'Close dialog' }).click();
    expect(adminErrors).toEqual([]);
  });
});
