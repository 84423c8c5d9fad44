import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.ts';
import { createApp } from './http/app.ts';
import { createServices, type Services } from './services.ts';
import { workerDeps } from './worker/create-worker.ts';
import { startDeliveryThread, type DeliveryThread } from './worker/delivery-in-thread.ts';
import { startWorker } from './worker/worker.ts';

export interface RunningServer {
  services: Services;
  server: ServerType;
  url: string;
  /** Stops accepting connections, lets in-flight requests and the delivery batch finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * Node's limits for one request: the headers within 20 s, the whole request within 30 s (it would
 * otherwise allow 300 s). Both are longer than the 10 s the body limit gives a body to arrive, so
 * its problem answer comes first; a handler still running when they pass is not cut.
 */
export const HTTP_SERVER_OPTIONS = { headersTimeout: 20_000, requestTimeout: 30_000 } as const;

/** A start that failed for a reason the operator can fix (shown without a stack trace). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Composition root: config → database → web app → listening server, and the delivery worker. */
export async function startServer(config: Config): Promise<RunningServer> {
  const services = await createServices(config);
  let thread: DeliveryThread | undefined;
  const deliveryMetrics = () => thread?.metrics() ?? Promise.resolve([]);
  const app = createApp({ db: services.database.db, auth: services.auth, config, logger: services.logger, secret: services.secret, deliveryMetrics });
  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: HTTP_SERVER_OPTIONS }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    await services.database.close();
    const code = (err as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`Port ${config.port} on ${config.host} is already in use; set PORT to another port.`);
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // On PostgreSQL the delivery worker runs on a thread of its own with its own connections; the
  // embedded database lives in this thread, so there it runs here.
  const delivery = config.databaseUrl ? undefined : workerDeps(config, services.database.db, services.logger);
  const worker = delivery ? startWorker(delivery) : (thread = startDeliveryThread(config, services.logger));
  let stopping: Promise<void> | undefined;
  return {
    services,
    server,
    url: `http://localhost:${port}`,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await worker.stop();
        await services.database.close();
      })()),
  };
}
