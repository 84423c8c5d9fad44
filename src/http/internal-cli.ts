import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { readDataLock } from '../storage/data-lock.ts';
import {
  BOOTSTRAP_PATH,
  BootstrapRequest,
  CLI_SECRET_HEADER,
  INTERNAL_CLI_PREFIX,
  fromWire,
  INVITE_CHUNK_PATH,
  InviteChunkRequest,
  presentBootstrap,
  SET_PASSWORD_PATH,
  SetPasswordRequest,
} from './internal-protocol.ts';
import { importChunk } from '../domain/invitations/import/chunk.ts';
import { setAccountPassword } from '../domain/accounts/set-password.ts';
import { bootstrapOrganization } from '../domain/organizations/bootstrap.ts';
import type { AppDeps } from './env.ts';
import { problemResponse } from './problem.ts';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * True only when this process holds the embedded data folder and the caller sent the secret it
 * wrote into the lock file (readable only by the file's owner). Compared in constant time.
 */
function isLockHolder(deps: AppDeps, sent: string | undefined): boolean {
  if (deps.config.databaseUrl || sent === undefined) return false;
  const lock = readDataLock(deps.config.dataDir);
  if (lock?.pid !== process.pid || !lock.secret) return false;
  return timingSafeEqual(digest(sent), digest(lock.secret));
}

/**
 * Commands that `guestlist` forwards to the running server because only one process may open the
 * embedded database. Hidden from the OpenAPI document; answers 404 to anyone without the secret.
 * Mounted at the root: the paths come from the protocol module the CLI also uses.
 */
export function internalCliRoutes(deps: AppDeps) {
  const app = new Hono();
  const refuse = (c: Context) => problemResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
  app.use(`${INTERNAL_CLI_PREFIX}/*`, async (c, next) => (isLockHolder(deps, c.req.header(CLI_SECRET_HEADER)) ? next() : refuse(c)));
  app.post(BOOTSTRAP_PATH, async (c) => {
    const parsed = BootstrapRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return problemResponse(c, 400, 'validation_failed', parsed.error.issues.map((i) => i.message).join('; '));
    const result = await bootstrapOrganization(deps.db, parsed.data);
    deps.logger.info({ org: result.org.slug }, 'organization bootstrapped from the CLI');
    return c.json(presentBootstrap(result));
  });
  app.post(SET_PASSWORD_PATH, async (c) => {
    const parsed = SetPasswordRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return problemResponse(c, 400, 'validation_failed', parsed.error.issues.map((i) => i.message).join('; '));
    const result = await setAccountPassword(deps.db, parsed.data);
    deps.logger.info('an account password was set from the CLI');
    return c.json(result);
  });
  // One chunk of `guestlist invite`'s file; the command sends the file chunk by chunk.
  app.post(INVITE_CHUNK_PATH, async (c) => {
    const parsed = InviteChunkRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return problemResponse(c, 400, 'validation_failed', parsed.error.issues.map((i) => i.message).join('; '));
    const context = { publicUrl: deps.config.publicUrl, invitationsPerDay: deps.config.invitationsPerDayPerOrg };
    const report = await importChunk(deps.db, context, fromWire(parsed.data));
    deps.logger.debug({ lines: parsed.data.lines.length, counts: report.counts }, 'a chunk of people imported from the CLI');
    return c.json(report);
  });
  return app;
}
