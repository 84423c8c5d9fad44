import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { createLogger } from '../logging.ts';
import { openConfiguredDatabase } from '../storage/db.ts';
import { workerDeps } from './create-worker.ts';
import { metricsRegistry } from './metrics.ts';
import type { ToDeliveryThread, FromDeliveryThread } from './delivery-messages.ts';
import { startWorker } from './worker.ts';

/**
 * The delivery worker on a thread of its own (delivery-in-thread.ts starts it for `guestlist start`
 * on PostgreSQL): its own connections, the same loop as `guestlist worker`. Stops when told, after
 * sending and settling what it claimed, and then ends (process.exit in a thread ends the thread).
 */
const port = parentPort!;
/** As many connections as `guestlist worker` opens. */
const DELIVERY_CONNECTIONS = 2;
const { config } = workerData as { config: Config };
const send = (message: FromDeliveryThread) => port.postMessage(message);
const logger = createLogger({ level: config.logLevel });

const running = (async () => {
  const database = await openConfiguredDatabase(config, DELIVERY_CONNECTIONS, (err) => logger.warn({ err }, 'idle database connection lost'));
  return { database, worker: startWorker(workerDeps(config, database.db, logger)) };
})();

port.on('message', (message: ToDeliveryThread) => {
  if (message.kind === 'metrics') {
    // A failed read of the figures answers none; it must not stop delivery.
    metricsRegistry.getMetricsAsJSON().then(
      (metrics) => send({ kind: 'metrics', id: message.id, metrics }),
      () => send({ kind: 'metrics', id: message.id, metrics: [] }),
    );
    return;
  }
  void (async () => {
    const { database, worker } = await running;
    await worker.stop();
    await database.close();
    process.exit(0);
  })().catch((err: unknown) => {
    logger.error({ err }, 'delivery thread failed while stopping');
    process.exit(1);
  });
});

running.catch((err: unknown) => {
  logger.error({ err }, 'delivery thread could not start');
  process.exit(1);
});
