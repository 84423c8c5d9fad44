import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../storage/db.ts';
import { devMailboxTransport } from './transports/dev-mailbox.ts';
import type { EmailTransport } from './transports/email.ts';
import { smtpTransport } from './transports/smtp.ts';
import type { WorkerDeps } from './worker.ts';

/** SMTP when SMTP_URL is set, the development mailbox otherwise. */
export function createEmailTransport(config: Config, db: Db): EmailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, { maxConnections: Math.min(8, config.worker.concurrency) }) : devMailboxTransport(db);
}

/** Everything the delivery loop needs, from the configuration. */
export function workerDeps(config: Config, db: Db, logger: Logger, transport: EmailTransport = createEmailTransport(config, db)): WorkerDeps {
  return {
    db,
    logger,
    transport,
    from: config.mailFrom,
    messageIdDomain: new URL(config.publicUrl).hostname,
    publicUrl: config.publicUrl,
    outbound: config.outbound,
    options: { batchSize: config.worker.batchSize, concurrency: config.worker.concurrency, leaseMs: config.worker.leaseMs, idleMs: 500, maxAttempts: config.worker.maxAttempts, sweepEveryMs: 60_000 },
  };
}
