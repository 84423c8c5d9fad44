import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import { startServer, type RunningServer } from '../main.ts';
import { parseFlags } from './args.ts';
import { busyError, claimDatabase } from './database.ts';
import { prepareFirstStart } from './first-start.ts';
import { warnAboutMail } from './mail-notice.ts';
import { waitForShutdownSignal } from './signals.ts';

/** In-flight requests get this long to finish after a shutdown signal; then connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Where a CLI on this machine reaches the server: loopback when it listens on every interface. */
function loopbackUrl(running: RunningServer): string {
  const address = running.server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

async function stopGracefully(running: RunningServer): Promise<void> {
  const cut = setTimeout(() => {
    if ('closeAllConnections' in running.server) running.server.closeAllConnections();
    // Work still waiting (on a lock, say) would otherwise commit after its client was cut off.
    running.services.database.abort();
  }, SHUTDOWN_GRACE_MS);
  try {
    await running.stop();
  } finally {
    clearTimeout(cut);
  }
}

/** `guestlist start`: the web server and the delivery worker, until SIGINT/SIGTERM. */
export async function startCommand(config: Config, argv: readonly string[]): Promise<number> {
  parseFlags('start', argv, {});
  // Listening from the outset: a signal during startup, or right after "ready", still shuts down cleanly.
  const stop = waitForShutdownSignal();
  const claim = await claimDatabase(config, 'start', { secret: randomBytes(32).toString('base64url') });
  if (claim.owner) throw busyError(config, claim.owner);
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (err) {
    claim.held?.release();
    throw err;
  }
  try {
    claim.held?.update({ url: loopbackUrl(running) });
    // PORT=0 (tests) picks a free port that the configured public URL cannot know.
    const url = config.port === 0 ? running.url : config.publicUrl;
    const lines = await prepareFirstStart(running.services.database.db, config, url);
    warnAboutMail(running.services.logger, config);
    running.services.logger.info({ url }, 'server ready');
    process.stdout.write(`\nGuestlist is ready at ${url}\n${lines.join('\n')}\n\n`);
    const signal = await stop;
    running.services.logger.info({ signal }, 'shutting down: finishing in-flight requests');
  } finally {
    await stopGracefully(running);
    claim.held?.release();
  }
  running.services.logger.info('stopped');
  return 0;
}
