import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { createAuth, type Auth } from './http/auth/better-auth.ts';
import { openConfiguredDatabase, type DatabaseHandle } from './storage/db.ts';
import { createLogger } from './logging.ts';
import { getInstanceSecret } from './storage/instance-secret.ts';
import { migrateToLatest } from './storage/migrate.ts';

export interface Services {
  config: Config;
  database: DatabaseHandle;
  auth: Auth;
  secret: string;
  logger: Logger;
}

/** Opens and migrates the database and builds the long-lived services every process needs. */
export async function createServices(config: Config, options: { logger?: Logger; database?: DatabaseHandle } = {}): Promise<Services> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = options.database ?? (await openConfiguredDatabase(config, config.poolSize, (err) => logger.warn({ err }, 'idle database connection lost')));
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const secret = await getInstanceSecret(database.db);
  const auth = createAuth({ db: database.db, secret, publicUrl: config.publicUrl, rateLimit: config.rateLimitPublicPerMinute < 1_000_000, logger, allowSignUp: config.allowSignUp });
  return { config, database, auth, secret, logger };
}
