import type { Config } from '../config.ts';
import { bootstrapOrganization } from '../domain/organizations/bootstrap.ts';
import { DomainError, errorCodes, type ErrorCode } from '../domain/errors.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { CliError, parseFlags, required } from './args.ts';
import type { DataLock } from '../storage/data-lock.ts';
import { busyError, withDatabase } from './database.ts';
import { BOOTSTRAP_PATH, CLI_SECRET_HEADER, presentBootstrap, type BootstrapOutput, type BootstrapRequest } from '../http/internal-protocol.ts';

const FLAGS = { 'org-slug': 'string', 'org-name': 'string', 'admin-email': 'string', 'admin-password': 'string' } as const;

/** Sends the command to the server that holds the embedded database; its domain errors come back as DomainError. */
async function forward(owner: DataLock & { url: string; secret: string }, request: BootstrapRequest): Promise<BootstrapOutput> {
  let res: Response;
  try {
    res = await fetch(`${owner.url}${BOOTSTRAP_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLI_SECRET_HEADER]: owner.secret },
      body: JSON.stringify(request),
    });
  } catch (err) {
    throw new CliError(`Could not reach the running server at ${owner.url} (pid ${owner.pid}): ${(err as Error).cause ?? (err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
  if (res.ok) return body as BootstrapOutput;
  if (body.code && body.code in errorCodes) throw new DomainError(body.code as ErrorCode, body.detail);
  throw new CliError(`The running server at ${owner.url} answered ${res.status}: ${body.detail ?? body.code ?? 'no details'}`);
}

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
    async (owner) => {
      if (owner.url === undefined || owner.secret === undefined) throw busyError(config, owner);
      return forward({ ...owner, url: owner.url, secret: owner.secret }, request);
    },
  );
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}
