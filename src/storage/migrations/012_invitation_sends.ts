import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * The daily invitation cap counted from hourly counters instead of the outbox: counting queued
 * invitation emails read every one the organization sent in the last 24 hours (three times per
 * invite), so each invite got slower as the day's sends grew. A send adds to one of 16 slots of the
 * current hour, chosen at random, so concurrent invites rarely wait on the same row. Seeded from
 * the outbox's last day. The outbox's partial index for the old count is dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create table invitation_sends (
      org_id uuid not null references organizations(id) on delete cascade,
      hour timestamptz not null check (hour = date_trunc('hour', hour)),
      slot smallint not null check (slot between 0 and 15),
      sent integer not null check (sent >= 0),
      primary key (org_id, hour, slot)
    );
    insert into invitation_sends (org_id, hour, slot, sent)
      select org_id, date_trunc('hour', created_at), 0, count(*)
      from notifications
      where kind in ('invitation', 'invitation_resend') and created_at > now() - interval '25 hours'
      group by 1, 2;
    drop index notifications_invitations_sent;
  `,
  );
}
