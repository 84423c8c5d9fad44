import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { deliverAll } from './worker.ts';

/** Signs in through the console's own sign-in page and waits until it has left it. */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, password = 'correct horse battery'): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  // Mantine's required asterisk is part of the label text, so the password field is found by type.
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 20_000 });
}

/** Delivers the outbox to the development mailbox and returns the newest link to `path` mailed to `to`. */
export async function mailedLink(t: TestApp, to: string, path: string): Promise<string> {
  await deliverAll(t);
  const rows = await t.database.db.selectFrom('dev_mailbox').select(['text']).where('toAddress', '=', to).orderBy('createdAt', 'desc').execute();
  for (const row of rows) {
    const link = new RegExp(`https?://[^\\s]*${path.replace(/[?]/g, '\\?')}[^\\s]*`).exec(row.text)?.[0];
    if (link) return link;
  }
  throw new Error(`No email to ${to} holds a link to ${path}`);
}

/** Waits until dialogs, popovers and notifications have finished fading in: axe measures colours as drawn. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.mantine-Modal-content, .mantine-Modal-overlay, .mantine-Popover-dropdown, .mantine-Notification-root')].every((e) => getComputedStyle(e).opacity === '1'),
  );
}

/** axe-core on the page once it has settled: no serious or critical violation (issue 7, item 9). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await settled(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
