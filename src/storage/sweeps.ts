import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { OrgRole } from './schema.ts';
import { INVITATION_EMAIL_KINDS } from './invitation-counts.ts';
import { mailboxLinksDead, withoutDeadLinks } from './mailbox-links.ts';
import { keepSupersededTokens } from './superseded-tokens.ts';

/**
 * The sweeps' clock: the database's now() (the one clock every read of expiry uses), or a given
 * instant where a test moves time on.
 */
function clock(now: Date | undefined) {
  return sql`coalesce(${now ?? null}::timestamptz, now())`;
}

/**
 * Writes `expired` on pending invitations whose time has passed (reads already treat them as
 * expired) and audits each, in one statement; at most `limit` a call.
 */
export async function expireDueInvitations(db: Db, now: Date | undefined, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with due as (
      select org_id, id from invitations
      where status = 'pending' and expires_at <= ${clock(now)}
      order by org_id, id
      limit ${limit}
      for update skip locked
    ), expired as (
      update invitations i set status = 'expired' from due
      where i.org_id = due.org_id and i.id = due.id
      returning i.org_id, i.id, i.member_id, i.email
    ), audited as (
      insert into audit_events (org_id, actor, action, target, data)
      select org_id, 'system:expiry', 'invitation.expired', 'invitation:' || id, jsonb_build_object('memberId', member_id, 'email', email)
      from expired
      returning 1
    )
    select count(*)::int as n from audited
  `.execute(db);
  return result.rows[0]?.n ?? 0;
}

export interface DueReminder {
  orgId: string;
  id: string;
  memberId: string;
  email: string;
  name: string | null;
  role: OrgRole;
  expiresAt: Date;
  orgName: string;
  orgSlug: string;
  /** As the newest invitation email named the inviter. */
  inviterName: string | null;
}

/**
 * Locks (skipping rows another worker holds) up to `limit` pending invitations due their once-only
 * reminder: expiring within a day of `now`, in an organization that is not muted, sent at least a
 * day ago, and whose newest invitation email was sent (one suppressed by a mute is not revived;
 * one still queued would lose its link to the reminder's new token). Call inside the transaction that replaces their tokens.
 */
export async function lockDueReminders(db: Db, now: Date | undefined, limit: number): Promise<DueReminder[]> {
  const result = await sql<DueReminder>`
    select i.org_id, i.id, i.member_id, i.email, m.name, i.role, i.expires_at, o.name as org_name, o.slug as org_slug,
      last.payload->>'inviterName' as inviter_name
    from invitations i
    join organizations o on o.id = i.org_id and o.notifications_enabled
    join members m on m.org_id = i.org_id and m.id = i.member_id
    join lateral (
      select n.payload, n.status from notifications n
      where n.org_id = i.org_id and n.channel = 'email' and n.payload->>'invitationId' = i.id::text
        and n.kind = any(${[...INVITATION_EMAIL_KINDS]}::text[])
      order by n.created_at desc limit 1
    ) last on last.status = 'sent'
    where i.status = 'pending' and i.reminder_sent_at is null
      and i.expires_at > ${clock(now)} and i.expires_at <= ${clock(now)} + interval '1 day'
      and i.last_sent_at <= ${clock(now)} - interval '1 day'
    order by i.org_id, i.id
    limit ${limit}
    for update of i skip locked
  `.execute(db);
  return result.rows;
}

/**
 * Gives each reminded invitation its new token (the previous link stops working) and records the
 * reminder, keeping the expiry: a reminder says the invitation ends soon, it does not extend it.
 */
export async function replaceTokensForReminders(db: Db, now: Date | undefined, rows: readonly { orgId: string; id: string; tokenHash: Buffer }[]): Promise<void> {
  if (rows.length === 0) return;
  await keepSupersededTokens(db, rows);
  await sql`
    update invitations i set token_hash = t.h, reminder_sent_at = ${clock(now)}
    from unnest(${rows.map((r) => r.orgId)}::uuid[], ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.tokenHash)}::bytea[]) as t(org_id, id, h)
    where i.org_id = t.org_id and i.id = t.id and i.status = 'pending'
  `.execute(db);
}

/**
 * Removes the links from development mailbox messages once they no longer need to work: an
 * invitation email whose token is no longer the invitation's current one (accepted, declined,
 * revoked, expired, or replaced by a resend or reminder), and an account email (reset,
 * verification) older than its link's lifetime. A message with no invitation link is marked
 * done as it is. At most `limit` rows a call.
 */
export async function removeDeadMailboxLinks(db: Db, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with dead as (
      select d.id from dev_mailbox d
      where not d.links_removed and ${mailboxLinksDead('d')}
      limit ${limit}
    ), removed as (
      update dev_mailbox d set links_removed = true,
        text = ${withoutDeadLinks('d', 'text', sql<boolean>`true`)},
        html = ${withoutDeadLinks('d', 'html', sql<boolean>`true`)}
      from dead where d.id = dead.id
      returning 1
    )
    select count(*)::int as n from removed
  `.execute(db);
  return result.rows[0]?.n ?? 0;
}
