import type { Config } from '../config.ts';
import { createLogger } from '../logging.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseFlags } from './args.ts';
import { warnAboutMail } from './mail-notice.ts';
import { withDatabase } from './database.ts';
import { waitForShutdownSignal } from './signals.ts';
import { workerDeps } from '../worker/create-worker.ts';
import { startWorker } from '../worker/worker.ts';

/**
 * `guestlist worker`: the delivery process alone (outbox claim → render → send → record). Any
 * number may run against one PostgreSQL; on SIGINT/SIGTERM it sends and settles what it has claimed (at most two batches) and exits.
 */
export async function workerCommand(config: Config, argv: readonly string[]): Promise<number> {
  parseFlags('worker', argv, {});
  const logger = createLogger({ level: config.logLevel });
  // Listening before saying "ready": whoever reads that line may signal at once.
  const stop = waitForShutdownSignal();
  await withDatabase(config, 'worker', async (db) => {
    await migrateToLatest(db);
    const deps = workerDeps(config, db, logger);
    const worker = startWorker(deps);
    warnAboutMail(logger, config);
    logger.info({ transport: deps.transport.name }, 'worker ready');
    const signal = await stop;
    logger.info({ signal }, 'worker stopping');
    await worker.stop();
  });
  return 0;
}
