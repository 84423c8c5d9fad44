import { sql } from 'kysely';
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
 * the database's clock, counting no further than `atMost` (the partial index
 * notifications_invitations_sent keeps this a short index range scan).
 */
export async function countInvitationEmailsLastDay(db: Db, orgId: string, atMost: number): Promise<number> {
  const recent = db
    .selectFrom('notifications')
    .select(sql<number>`1`.as('one'))
    .where('orgId', '=', orgId)
    .where('kind', 'in', INVITATION_EMAIL_KINDS)
    .where('createdAt', '>', sql<Date>`now() - interval '24 hours'`)
    .limit(atMost)
    .as('recent');
  const row = await db.selectFrom(recent).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Waits until no other transaction of this organization holds its invitation cap, then holds it
 * until this transaction ends (a transaction-scoped advisory lock, keyed by the organization).
 */
export async function serializeInvitationSends(db: Db, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`guestlist.invitation-cap:${orgId}`}, 0))`.execute(db);
}
