import type { Logger } from 'pino';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Config } from '../config.ts';
import type { Actor } from '../domain/actor.ts';
import type { Db } from '../storage/db.ts';
import type { Auth } from './auth/better-auth.ts';

/** What the web app is built from (composition root passes these in). */
export interface AppDeps {
  db: Db;
  auth: Auth;
  config: Config;
  logger: Logger;
  /** Secret for CSRF tokens (the instance secret). */
  secret: string;
  /** Metrics of a delivery worker running elsewhere in this process (a thread of its own), for /metrics. */
  deliveryMetrics?: () => Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

export interface AppEnv {
  Variables: {
    actor: Actor | undefined;
    /** Set when the caller authenticated with a session cookie. */
    sessionId: string | undefined;
  };
}
