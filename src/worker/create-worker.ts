import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../storage/db.ts';
import { devMailboxTransport } from './transports/dev-mailbox.ts';
import type { EmailTransport } from './transports/email.ts';
import { noTransport } from './transports/no-transport.ts';
import { smtpTransport } from './transports/smtp.ts';
import type { WorkerDeps } from './worker.ts';

/** SMTP when SMTP_URL is set; else the development mailbox when DEV_MAILBOX is on; else none (email fails visibly). */
export function createEmailTransport(config: Config, db: Db): EmailTransport {
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, { maxConnections: Math.min(8, config.worker.concurrency) });
  return config.devMailbox ? devMailboxTransport(db) : noTransport();
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
    options: { batchSize: config.worker.batchSize, concurrency: config.worker.concurrency, leaseMs: config.worker.leaseMs, idleMs: 500, maxAttempts: config.worker.maxAttempts, sweepEveryMs: 60_000, statisticsEveryMs: 2_000 },
  };
}
