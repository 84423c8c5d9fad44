import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Writes `expired` on pending invitations whose time has passed (reads already treat them as
 * expired) and audits each, in one statement; at most `limit` a call.
 */
export async function expireDueInvitations(db: Db, now: Date, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with due as (
      select org_id, id from invitations
      where status = 'pending' and expires_at <= ${now}::timestamptz
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

/**
 * Queues the once-only reminder for pending invitations that expire within a day, for
 * organizations that are not muted. The reminder carries the same link as the newest invitation
 * email (the token is never stored in the clear anywhere else), and only when that email was sent
 * or is on its way (one suppressed by a mute is not revived). An invitation sent less than a day
 * ago (a one-day lifetime) gets none.
 */
export async function queueDueReminders(db: Db, now: Date, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with due as (
      select i.org_id, i.id, i.email, last.payload from invitations i
      join organizations o on o.id = i.org_id and o.notifications_enabled
      join lateral (
        select n.payload, n.status from notifications n
        where n.org_id = i.org_id and n.channel = 'email' and n.payload->>'invitationId' = i.id::text
          and n.kind in ('invitation', 'invitation_resend')
        order by n.created_at desc limit 1
      ) last on last.status in ('sent', 'queued')
      where i.status = 'pending' and i.reminder_sent_at is null
        and i.expires_at > ${now}::timestamptz and i.expires_at <= ${now}::timestamptz + interval '1 day'
        and i.last_sent_at <= ${now}::timestamptz - interval '1 day'
      limit ${limit}
      for update of i skip locked
    ), marked as (
      update invitations i set reminder_sent_at = ${now}::timestamptz from due
      where i.org_id = due.org_id and i.id = due.id
      returning i.org_id, i.id
    ), queued as (
      insert into notifications (org_id, channel, kind, recipient, payload)
      select due.org_id, 'email', 'invitation_reminder', due.email, due.payload
      from due join marked on marked.org_id = due.org_id and marked.id = due.id
      returning 1
    )
    select count(*)::int as n from queued
  `.execute(db);
  return result.rows[0]?.n ?? 0;
}
