import pino from 'pino';
import type { Config } from '../config.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseFlags } from './args.ts';
import { withDatabase } from './database.ts';
import { waitForShutdownSignal } from './signals.ts';

/**
 * `guestlist worker`: the delivery process. Delivery (outbox claim → render → send) arrives with a
 * later issue, so for now it only proves it can hold a migrated database and stop cleanly.
 */
export async function workerCommand(config: Config, argv: readonly string[]): Promise<number> {
  parseFlags('worker', argv, {});
  const logger = pino({ level: config.logLevel });
  // Listening before saying "ready": whoever reads that line may signal at once.
  const stop = waitForShutdownSignal();
  await withDatabase(config, 'worker', async (db) => {
    await migrateToLatest(db);
    logger.info('worker ready (no delivery transport yet)');
    const signal = await stop;
    logger.info({ signal }, 'worker stopping');
  });
  return 0;
}
