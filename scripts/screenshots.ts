// `npm run screenshots`: the console's main pages, light and dark, laptop and phone width, into
// docs/screenshots/ (shown in the README). A fresh server with a sample organization; Chromium at
// CHROMIUM_PATH (default /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { settled, signInThroughPage } from '../test/support/console.ts';
import { call } from '../test/support/client.ts';
import { latestInviteToken } from '../test/support/invitations.ts';
import { confirmedRequest } from '../test/support/requests.ts';
import { seedSampleOrg } from '../test/support/sample-org.ts';
import { startTestServer } from '../test/support/server.ts';

const out = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });

const s = await startTestServer({ DEV_MAILBOX: 'true' });
const org = await seedSampleOrg(s);
await s.app.request('/'); // warm
const inviteToken = await latestInviteToken(s, 'barbara@acme.test');
// Invitation requests for the Requests tab: two open, and one from Grace, who has joined since (stale).
await call(s, 'PATCH', `/api/v1/orgs/${org.slug}/settings`, { token: org.apiToken, body: { invitationRequestsEnabled: true } });
await confirmedRequest(s, org.slug, { email: 'katherine@nasa.test', name: 'Katherine Johnson', message: 'I run the numbers for the launch team and would like to follow the Platform work.' });
await confirmedRequest(s, org.slug, { email: 'hedy@outside.test', name: 'Hedy Lamarr' });
await confirmedRequest(s, org.slug, { email: 'grace@acme.test', name: 'Grace Hopper', message: 'Please let me in.' });

interface Shot {
  name: string;
  path: string;
  signedIn: boolean;
  /** Interaction after the page loads (open a dialog...). */
  then?: (page: Page) => Promise<void>;
}

const shots: Shot[] = [
  { name: 'sign-in', path: '/sign-in', signedIn: false },
  { name: 'users', path: `/o/${org.slug}/people`, signedIn: true },
  { name: 'platform-access', path: `/o/${org.slug}/people/platform-access`, signedIn: true },
  { name: 'invitations', path: `/o/${org.slug}/people/invitations`, signedIn: true },
  {
    name: 'requests',
    path: `/o/${org.slug}/people/requests`,
    signedIn: true,
    then: async (page) => {
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'All', exact: true }).click();
      await page.getByText('Katherine Johnson').first().waitFor();
    },
  },
  {
    name: 'invite-dialog',
    path: `/o/${org.slug}/people/invitations`,
    signedIn: true,
    then: async (page) => {
      await page.getByRole('button', { name: 'Invite New Users' }).click();
      await page.getByLabel('Email addresses').fill('new.hire@acme.test\nsecond.hire@acme.test\nnot-an-address@acme');
      await page.getByRole('alert').first().waitFor();
    },
  },
  { name: 'feature-management', path: `/o/${org.slug}/settings/features`, signedIn: true },
  { name: 'api-tokens', path: `/o/${org.slug}/settings/api-tokens`, signedIn: true },
  { name: 'audit-log', path: `/o/${org.slug}/settings/audit`, signedIn: true },
  { name: 'notifications', path: `/o/${org.slug}/settings/notifications`, signedIn: true },
  { name: 'invite-page', path: `/invite/${inviteToken}`, signedIn: false },
];

const browser = await launchBrowser();
try {
  for (const [width, height, device] of [[1280, 800, 'laptop'], [390, 844, 'phone']] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await signInThroughPage(page, s.url, org.adminEmail, org.password);
      const anonymous = await (await browser.newContext({ viewport: { width, height }, colorScheme: scheme })).newPage();
      for (const shot of shots) {
        const p = shot.signedIn ? page : anonymous;
        await p.goto(`${s.url}${shot.path}`);
        await p.waitForLoadState('networkidle');
        await shot.then?.(p);
        await settled(p);
        await p.screenshot({ path: new URL(`${shot.name}-${device}-${scheme}.png`, out).pathname, fullPage: device === 'laptop' });
      }
      await context.close();
      await anonymous.context().close();
    }
  }
  console.log(`${shots.length * 4} screenshots in docs/screenshots/`);
} finally {
  await browser.close();
  await s.close();
}
