import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Development mailbox rows whose links were removed (or never held one) are marked, so the sweep
 * that removes links which no longer need to work only looks at the rest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    alter table dev_mailbox add column links_removed boolean not null default false;
    create index dev_mailbox_live_links on dev_mailbox (created_at) where not links_removed;
  `,
  );
}
