import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Delivery: a lease on outbox rows (a worker that dies mid-send loses its lease and another
 * worker retries the message), the once-only reminder, and the development mailbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    alter table notifications add column locked_until timestamptz;
    alter table account_notifications add column locked_until timestamptz;
    alter table invitations add column reminder_sent_at timestamptz;
    create index notifications_org_queued on notifications (org_id) where status = 'queued';
    create index invitations_pending_expiry on invitations (expires_at) where status = 'pending';
    create index notifications_invitation on notifications (org_id, (payload->>'invitationId'), created_at desc) where channel = 'email';

    create table dev_mailbox (
      id uuid primary key default gen_random_uuid(),
      org_id uuid references organizations(id) on delete cascade,
      notification_id uuid not null,
      message_id text not null,
      to_address text not null,
      subject text not null,
      html text not null,
      text text not null,
      created_at timestamptz not null default now()
    );
    create index dev_mailbox_org on dev_mailbox (org_id, created_at desc);
  `,
  );
}
