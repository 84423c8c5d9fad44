import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Operator switches: the instance's administrators (accounts made by `guestlist bootstrap`), a
 * cheap count of the invitations an organization sent in the last 24 hours (the daily cap), and
 * an account's own emails in the development mailbox found by address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create table instance_admins (
      account_id text primary key references auth_user(id) on delete cascade,
      granted_by text not null,
      created_at timestamptz not null default now()
    );
    create index notifications_invitations_sent on notifications (org_id, created_at)
      where kind in ('invitation', 'invitation_resend');
    create index dev_mailbox_account on dev_mailbox (lower(to_address), created_at desc) where org_id is null;
  `,
  );
}
