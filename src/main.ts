import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.ts';
import { createApp } from './http/app.ts';
import { createServices, type Services } from './services.ts';

export interface RunningServer {
  services: Services;
  server: ServerType;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

/** Composition root: config → database → web app → listening server. */
export async function startServer(config: Config): Promise<RunningServer> {
  const services = await createServices(config);
  const app = createApp({ db: services.database.db, auth: services.auth, config, logger: services.logger, secret: services.secret });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | undefined;
  return {
    services,
    server,
    url: `http://localhost:${port}`,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await services.database.close();
      })()),
  };
}
