import { createServer } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { HTTP_SERVER_OPTIONS } from '../../src/main.ts';
import { createTestApp, type TestApp } from './app.ts';

export interface TestServer extends TestApp {
  url: string;
  server: ServerType;
}

/** A port nothing listens on now, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The real app over a fresh database, listening on a loopback port (for browser tests). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ PUBLIC_URL: url, ...env });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1', serverOptions: HTTP_SERVER_OPTIONS }, () => resolve(s));
  });
  return {
    ...t,
    url,
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
