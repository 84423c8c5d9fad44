import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { isLoopback } from '../net/addresses.ts';

/**
 * Says loudly, at start, when email does not go to a mail server: the development mailbox keeps
 * every email (links included) in the database, and with no transport at all every email fails.
 */
export function warnAboutMail(logger: Logger, config: Config): void {
  if (config.smtpUrl) return;
  if (config.devMailbox) {
    logger.warn(
      { devMailbox: true },
      'DEVELOPMENT MAILBOX ON: email is not sent; it is kept in the database and shown at /api/v1/dev/mailbox. For real use set SMTP_URL (DEV_MAILBOX is then off).',
    );
    if (!isLoopback(config.host)) {
      logger.warn({ host: config.host }, 'DEVELOPMENT MAILBOX ON while listening beyond this machine: anyone who reaches the server through a local proxy can read invitation links. Listen on 127.0.0.1 or set SMTP_URL.');
    }
  } else {
    logger.warn({ devMailbox: false }, 'NO EMAIL TRANSPORT: every email fails until SMTP_URL is set (or DEV_MAILBOX=true for the development mailbox).');
  }
}
