import type { Config } from '../config.ts';
import { bootstrapOrganization, type BootstrapResult } from '../domain/organizations/bootstrap.ts';
import { DomainError } from '../domain/errors.ts';
import type { Db } from '../storage/db.ts';
import { anyOrganizationExists, findOrganizationBySlug } from '../storage/organizations.ts';

const DEMO = { orgSlug: 'demo', orgName: 'Demo', adminEmail: 'admin@demo.test' } as const;

function firstStartLines(url: string, demo: BootstrapResult): string[] {
  return [
    `Created the organization "${DEMO.orgSlug}" and its admin. The password and token are shown only this once:`,
    `  email      ${demo.admin.email}`,
    `  password   ${demo.admin.password ?? '(the existing account keeps its password)'}`,
    `  API token  ${demo.apiToken}`,
    `Open the console: ${url}/sign-in`,
    `Call the API: curl -H "Authorization: Bearer ${demo.apiToken}" ${url}/api/v1/orgs/${DEMO.orgSlug}`,
  ];
}

/**
 * On an empty database with SEED_DEMO on (by default only on the embedded database), creates the
 * demo organization and its admin; returns the lines that tell a person how to get in. Two servers
 * starting at once on one PostgreSQL both try: the loser sees `org_slug_taken` and reports the
 * organization as already there.
 */
export async function prepareFirstStart(db: Db, config: Config, url: string): Promise<string[]> {
  const reference = [
    `API reference: ${url}/api/v1/docs`,
    ...(config.devMailbox ? [`Emails are not sent: read them in the console's development mailbox, ${url}/o/<slug>/settings/mailbox (admins)`] : []),
  ];
  const anyOrg = await anyOrganizationExists(db);
  if (!anyOrg && config.seedDemo) {
    try {
      return [...firstStartLines(url, await bootstrapOrganization(db, DEMO)), ...reference];
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'org_slug_taken')) throw err;
    }
  }
  const demo = await findOrganizationBySlug(db, DEMO.orgSlug);
  const note = demo
    ? [
        `Sign in at ${url}/sign-in as ${DEMO.adminEmail}, the admin created on first start (its password was printed then;`,
        `  lost it? \`npx guestlist set-password --email ${DEMO.adminEmail}\` prints a new one).`,
      ]
    : anyOrg
      ? []
      : ['No organization yet: create one with `guestlist bootstrap --org-slug acme --org-name "Acme" --admin-email you@example.com`.'];
  return [...note, ...reference];
}
