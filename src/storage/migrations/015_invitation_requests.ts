import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Invitation requests (R12–R13). A request is `unconfirmed` until the requester follows the link
 * mailed to the address, then `open` for admins until approved, dismissed or expired (30 days after
 * its last refresh). At most one live request (unconfirmed or open) per address and organization,
 * enforced here so that concurrent submissions refresh one row. "Stale" is not stored: it is an open
 * request whose address is an active member, worked out at every read.
 *
 * Organizations get the optional list of domains requests may come from, and the time admins were
 * last told about new requests (one digest per few minutes, however many arrive).
 *
 * rate_limit_hits holds fixed-window counters shared by every process on the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create table invitation_requests (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null check (length(email) between 3 and 254),
      email_normalized text collate "C" not null check (length(email_normalized) between 3 and 254),
      name text not null check (length(name) between 1 and 200),
      message text check (length(message) <= 500),
      status text not null default 'unconfirmed' check (status in ('unconfirmed', 'open', 'approved', 'dismissed', 'expired')),
      confirm_token_hash bytea check (confirm_token_hash is null or length(confirm_token_hash) = 32),
      confirm_expires_at timestamptz,
      confirmation_sent_at timestamptz,
      requested_at timestamptz not null default now(),
      confirmed_at timestamptz,
      announced_at timestamptz,
      expires_at timestamptz not null,
      decided_at timestamptz,
      decided_by text check (length(decided_by) <= 200),
      invitation_id uuid,
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      check ((confirm_token_hash is null) = (confirm_expires_at is null)),
      check (status = 'unconfirmed' or confirm_token_hash is null),
      check (status not in ('open', 'approved') or confirmed_at is not null),
      check ((status in ('approved', 'dismissed')) = (decided_at is not null))
    );
    create unique index invitation_requests_one_live on invitation_requests (org_id, email_normalized) where status in ('unconfirmed', 'open');
    create unique index invitation_requests_token on invitation_requests (confirm_token_hash) where confirm_token_hash is not null;
    create index invitation_requests_list on invitation_requests (org_id, requested_at desc, id desc) where status <> 'unconfirmed';
    create index invitation_requests_unannounced on invitation_requests (org_id) where status = 'open' and announced_at is null;
    create index invitation_requests_expiry on invitation_requests (expires_at) where status in ('unconfirmed', 'open');

    alter table organizations
      add column invitation_request_domains text[] not null default '{}'
        check (cardinality(invitation_request_domains) <= 100),
      add column requests_announced_at timestamptz;

    create table rate_limit_hits (
      bucket text not null check (length(bucket) <= 40),
      key text not null check (length(key) <= 200),
      window_start timestamptz not null,
      hits integer not null check (hits > 0),
      primary key (bucket, key, window_start)
    );
    create index rate_limit_hits_window on rate_limit_hits (window_start);
  `,
  );
}
