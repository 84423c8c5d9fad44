import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Bounds on stored text that reaches the database from outside without one: the identity
 * library's account fields (its edge checks the same limits) and the Slack webhook address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    alter table auth_user add constraint auth_user_name_length check (length(name) <= 200);
    alter table auth_user add constraint auth_user_email_length check (length(email) <= 254);
    alter table auth_user add constraint auth_user_image_length check (length(image) <= 2048);
    alter table organizations add constraint organizations_slack_webhook_url_length check (length(slack_webhook_url) <= 2048);
  `,
  );
}
