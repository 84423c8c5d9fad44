import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.ts';
import { createApp, type App } from '../../src/http/app.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: App;
  services: Services;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** The real app over a fresh migrated database, for in-process `app.request()` tests (silent unless given a logger). */
export async function createTestApp(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestApp> {
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000', ...env });
  const database = await createTestDatabase({ statementTimeoutMs: config.statementTimeoutMs, lockTimeoutMs: config.lockTimeoutMs });
  const services = await createServices(config, { logger: options.logger ?? pino({ level: 'silent' }), database });
  const app = createApp({ db: database.db, auth: services.auth, config, logger: services.logger, secret: services.secret });
  return { app, services, database, config, close: () => database.dispose() };
}
