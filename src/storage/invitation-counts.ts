import { sql, type RawBuilder } from 'kysely';
import { arrayParam } from './array-param.ts';
import type { Db } from './db.ts';

/** The outbox kinds that carry an invitation link: a new invitation, and a resend. */
export const INVITATION_EMAIL_KINDS = ['invitation', 'invitation_resend'] as const;

/**
 * Every organization email that carries an invitation link: the invitation emails and the
 * reminder. The link is removed from the stored payload when the message ends, so once ended such
 * a message can never be sent again as it was; the worker also suppresses one whose link stopped working.
 */
export const INVITATION_LINK_KINDS: readonly string[] = [...INVITATION_EMAIL_KINDS, 'invitation_reminder'];

/**
 * How many invitation emails (new and resent) the organization queued in the last 24 hours, on
 * the database's clock. Counted by the hour: every hour that overlaps the last 24 counts whole, so
 * the figure can be up to an hour's sends high, never low (the cap is never passed).
 */
export async function countInvitationEmailsLastDay(db: Db, orgId: string): Promise<number> {
  const result = await sql<{ n: number }>`select ${invitationEmailsLastDay(orgId)} as n`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** countInvitationEmailsLastDay as a scalar expression, for a statement that reads it with something else. */
export function invitationEmailsLastDay(orgId: string): RawBuilder<number> {
  return sql<number>`(select coalesce(sum(sent), 0)::int from invitation_sends where org_id = ${orgId}::uuid and hour > now() - interval '25 hours')`;
}

/**
 * The upsert adding queued invitation emails to the organizations' counts, for the caller's
 * transaction (built by the one function that queues organization messages, for the
 * INVITATION_EMAIL_KINDS); undefined when there are none.
 */
export function invitationSendsUpsert(perOrg: ReadonlyMap<string, number>): RawBuilder<unknown> | undefined {
  if (perOrg.size === 0) return undefined;
  return addInvitationSends(sql`select org_id, sent from unnest(${arrayParam([...perOrg.keys()], 'uuid')}, ${arrayParam([...perOrg.values()], 'int')}) as u(org_id, sent)`);
}

/**
 * The upsert adding the (org_id, sent) rows `counts` selects to this hour's counts, in one of 16
 * slots: the one statement every writer of invitation emails uses, alone or inside its own
 * statement (a CTE). The slot follows the database connection (its backend's process id), so
 * concurrent invites, which run on different connections, do not update the same row: with a
 * slot drawn at random, 32 concurrent single invites often drew the same one and the later
 * waited for the earlier to commit.
 */
export function addInvitationSends(counts: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into invitation_sends (org_id, hour, slot, sent)
    select org_id, date_trunc('hour', now()), pg_backend_pid() % 16, sent
    from (${counts}) as t(org_id, sent)
    order by org_id
    on conflict (org_id, hour, slot) do update set sent = invitation_sends.sent + excluded.sent
  `;
}

/** Forgets hourly counts older than two days (the cap looks back 24 hours). */
export async function pruneInvitationSends(db: Db): Promise<void> {
  await sql`delete from invitation_sends where hour < now() - interval '2 days'`.execute(db);
}

/**
 * Waits until no other transaction of this organization holds its invitation cap, then holds it
 * until this transaction ends (a transaction-scoped advisory lock, keyed by the organization).
 */
export async function serializeInvitationSends(db: Db, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`guestlist.invitation-cap:${orgId}`}, 0))`.execute(db);
}
