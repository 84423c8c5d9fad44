import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * The first schema. Every tenant table is keyed by (org_id, ...) so it can be distributed by
 * organization; invariants (one pending invitation per member, one member per address, valid
 * statuses and roles) live here, not in application checks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create table instance_secret (
      id boolean primary key default true check (id),
      secret text not null
    );

    create table auth_user (
      id text primary key,
      name text not null,
      email text not null unique,
      email_verified boolean not null default false,
      image text,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table auth_session (
      id text primary key,
      user_id text not null references auth_user(id) on delete cascade,
      token text not null unique,
      expires_at timestamptz not null,
      ip_address text,
      user_agent text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index auth_session_user on auth_session (user_id);
    create table auth_account (
      id text primary key,
      user_id text not null references auth_user(id) on delete cascade,
      account_id text not null,
      provider_id text not null,
      access_token text,
      refresh_token text,
      id_token text,
      access_token_expires_at timestamptz,
      refresh_token_expires_at timestamptz,
      scope text,
      password text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index auth_account_user on auth_account (user_id);
    create table auth_verification (
      id text primary key,
      identifier text not null,
      value text not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index auth_verification_identifier on auth_verification (identifier);

    create table organizations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text not null check (length(name) between 1 and 200),
      notifications_enabled boolean not null default true,
      invitation_requests_enabled boolean not null default false,
      invitation_ttl_days integer not null default 7 check (invitation_ttl_days between 1 and 30),
      slack_webhook_url text check (slack_webhook_url ~ '^https?://'),
      created_at timestamptz not null default now()
    );

    create table members (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null check (length(email) <= 254),
      email_normalized text collate "C" not null check (length(email_normalized) <= 254),
      name text check (length(name) <= 200),
      role text not null check (role in ('admin', 'member', 'guest')),
      status text not null default 'pending' check (status in ('pending', 'active', 'deactivated')),
      account_id text references auth_user(id) on delete set null,
      source text not null check (source in ('console', 'api', 'graphql', 'scim', 'request', 'cli')),
      invited_by text,
      created_at timestamptz not null default now(),
      joined_at timestamptz,
      primary key (org_id, id),
      unique (org_id, email_normalized),
      check ((status = 'active') = (joined_at is not null) or status = 'deactivated')
    );
    create unique index members_account on members (org_id, account_id) where account_id is not null;
    create index members_org_created on members (org_id, created_at desc, id desc);

    create table invitations (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      member_id uuid,
      email text not null,
      email_normalized text collate "C" not null,
      role text not null check (role in ('admin', 'member', 'guest')),
      status text not null default 'pending'
        check (status in ('pending', 'accepted', 'declined', 'revoked', 'expired')),
      token_hash bytea not null check (length(token_hash) = 32),
      expires_at timestamptz not null,
      sent_count integer not null default 1 check (sent_count >= 1),
      last_sent_at timestamptz not null default now(),
      invited_by text,
      created_at timestamptz not null default now(),
      accepted_at timestamptz,
      declined_at timestamptz,
      revoked_at timestamptz,
      primary key (org_id, id),
      foreign key (org_id, member_id) references members(org_id, id) on delete set null (member_id),
      check (status <> 'pending' or member_id is not null),
      check ((status = 'accepted') = (accepted_at is not null)),
      check ((status = 'declined') = (declined_at is not null)),
      check ((status = 'revoked') = (revoked_at is not null))
    );
    create unique index invitations_one_pending on invitations (org_id, member_id) where status = 'pending';
    create index invitations_token on invitations (token_hash);
    create index invitations_org_created on invitations (org_id, created_at desc, id desc);
    create index invitations_member on invitations (org_id, member_id, created_at desc);
    create index invitations_pending_email on invitations (email_normalized) where status = 'pending';

    create table apps (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      unique (org_id, name)
    );
    create table app_access (
      org_id uuid not null,
      member_id uuid not null,
      app_id uuid not null,
      app_role text not null check (app_role in ('admin', 'write', 'read')),
      primary key (org_id, member_id, app_id),
      foreign key (org_id, member_id) references members(org_id, id) on delete cascade,
      foreign key (org_id, app_id) references apps(org_id, id) on delete cascade
    );

    create table teams (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      unique (org_id, name)
    );
    create table team_members (
      org_id uuid not null,
      team_id uuid not null,
      member_id uuid not null,
      primary key (org_id, team_id, member_id),
      foreign key (org_id, team_id) references teams(org_id, id) on delete cascade,
      foreign key (org_id, member_id) references members(org_id, id) on delete cascade
    );

    create table api_tokens (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      scope text not null check (scope in ('admin', 'read', 'scim')),
      token_hash bytea not null check (length(token_hash) = 32),
      created_by text,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (org_id, id)
    );
    create index api_tokens_hash on api_tokens (token_hash);

    create table notifications (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      channel text not null check (channel in ('email', 'slack', 'webhook')),
      kind text not null,
      recipient text not null,
      payload jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'suppressed')),
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      run_after timestamptz not null default now(),
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (org_id, id)
    );
    create index notifications_due on notifications (run_after) where status = 'queued';
    create index notifications_org_created on notifications (org_id, created_at desc, id desc);

    create table account_notifications (
      id uuid primary key default gen_random_uuid(),
      channel text not null default 'email' check (channel = 'email'),
      kind text not null,
      recipient text not null,
      payload jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'suppressed')),
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      run_after timestamptz not null default now(),
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index account_notifications_due on account_notifications (run_after) where status = 'queued';

    create table audit_events (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      actor text not null,
      action text not null,
      target text,
      data jsonb not null default '{}',
      at timestamptz not null default clock_timestamp(),
      primary key (org_id, id)
    );
    create index audit_events_org_at on audit_events (org_id, at desc, id desc);
  `,
  );
}
