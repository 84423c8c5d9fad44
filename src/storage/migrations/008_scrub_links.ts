import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Messages that ended before links were removed on the way out lose them now, and Slack failures
 * keep only their status line (they used to hold the start of the peer's response body). Safe to
 * run again: it changes only rows that still hold what it removes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    update notifications set payload = payload - array['acceptUrl', 'resetUrl', 'verifyUrl']
      where status <> 'queued' and payload ?| array['acceptUrl', 'resetUrl', 'verifyUrl'];
    update account_notifications set payload = payload - array['acceptUrl', 'resetUrl', 'verifyUrl']
      where status <> 'queued' and payload ?| array['acceptUrl', 'resetUrl', 'verifyUrl'];
    update notifications set last_error = substring(last_error from '^Slack [0-9]{3}')
      where channel = 'slack' and last_error ~ '^Slack [0-9]{3}:';
  `,
  );
}
