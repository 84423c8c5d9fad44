import type { Config } from '../config.ts';
import { bootstrapOrganization } from '../domain/organizations/bootstrap.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseFlags, required } from './args.ts';
import { withDatabase } from './database.ts';
import { forwardToServer } from './forward.ts';
import { BOOTSTRAP_PATH, presentBootstrap, type BootstrapOutput, type BootstrapRequest } from '../http/internal-protocol.ts';

const FLAGS = { 'org-slug': 'string', 'org-name': 'string', 'admin-email': 'string', 'admin-password': 'string' } as const;

/**
 * `guestlist bootstrap`: creates an organization, its first admin and an admin API token, and
 * prints them as one line of JSON. Runs against the database itself, or through the server that
 * holds the embedded database.
 */
export async function bootstrapCommand(config: Config, argv: readonly string[]): Promise<number> {
  const flags = parseFlags('bootstrap', argv, FLAGS);
  const request: BootstrapRequest = {
    orgSlug: required('bootstrap', flags, 'org-slug'),
    orgName: required('bootstrap', flags, 'org-name'),
    adminEmail: required('bootstrap', flags, 'admin-email'),
    ...(flags['admin-password'] !== undefined ? { adminPassword: flags['admin-password'] } : {}),
  };
  const output = await withDatabase(
    config,
    'bootstrap',
    async (db) => {
      await migrateToLatest(db);
      return presentBootstrap(await bootstrapOrganization(db, request));
    },
    (owner) => forwardToServer<BootstrapOutput>(config, owner, BOOTSTRAP_PATH, request),
  );
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}
