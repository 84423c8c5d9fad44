import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import type { InvitationStatus, OrgRole } from './schema.ts';

/**
 * The one place "expired" is derived, on the database's clock: a pending invitation at or past its
 * expiry reads as expired, whichever server asks and whether or not a sweep has written it yet.
 * Every read and filter of an invitation's status goes through this (or `isLiveSql`).
 */
export function effectiveStatusSql(table?: string): RawBuilder<InvitationStatus> {
  const status = sql.ref(table ? `${table}.status` : 'status');
  return sql<InvitationStatus>`(case when ${pastExpirySql(table)} then 'expired' else ${status} end)`;
}

/**
 * Stored as pending but at or past its expiry (database clock): what reads as expired before a
 * sweep writes it. Few rows at any time, found through the invitations_pending_expiry index.
 */
export function pastExpirySql(table?: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<boolean>`(${col('status')} = 'pending' and ${col('expires_at')} <= now())`;
}

/** Pending and not yet expired, on the database's clock (the complement of expired among pending). */
export function isLiveSql(table?: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<boolean>`(${col('status')} = 'pending' and ${col('expires_at')} > now())`;
}

export interface InvitationRow {
  orgId: string;
  id: string;
  memberId: string | null;
  email: string;
  emailNormalized: string;
  role: OrgRole;
  status: 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';
  expiresAt: Date;
  sentCount: number;
  lastSentAt: Date;
  invitedBy: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  revokedAt: Date | null;
}

const storedColumns = [
  'orgId', 'id', 'memberId', 'email', 'emailNormalized', 'role', 'expiresAt', 'sentCount',
  'lastSentAt', 'invitedBy', 'createdAt', 'acceptedAt', 'declinedAt', 'revokedAt',
] as const;

/** An invitation's columns with its effective status (see effectiveStatusSql). */
const invitationColumns = [...storedColumns, effectiveStatusSql().as('status')] as const;

/** The invitation a secret token belongs to (looked up by the token's hash). */
export async function findInvitationByTokenHash(db: Db, tokenHash: Buffer): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').select(invitationColumns).where('tokenHash', '=', tokenHash).executeTakeFirst();
}

/** One invitation of an organization, optionally locked for the rest of the transaction. */
export async function findInvitation(db: Db, orgId: string, id: string, lock = false): Promise<InvitationRow | undefined> {
  const q = db.selectFrom('invitations').select(invitationColumns).where('orgId', '=', orgId).where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/** An invitation by id addressed to this normalized email, in any organization. */
export async function findInvitationForEmail(db: Db, id: string, emailNormalized: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').select(invitationColumns).where('id', '=', id).where('emailNormalized', '=', emailNormalized).executeTakeFirst();
}

/**
 * Ends a live pending invitation with the given outcome. The WHERE clause settles races: of many
 * concurrent callers exactly one gets the row back. With `tokenHash`, only while that token is still
 * the invitation's (a resend in between makes the old link fail).
 */
export async function endPendingInvitation(
  db: Db,
  orgId: string,
  id: string,
  outcome: 'accepted' | 'declined',
  tokenHash?: Buffer,
): Promise<InvitationRow | undefined> {
  const stamp = outcome === 'accepted' ? 'acceptedAt' : 'declinedAt';
  let q = db
    .updateTable('invitations')
    .set({ status: outcome, [stamp]: sql<Date>`now()` })
    .where('orgId', '=', orgId)
    .where('id', '=', id)
    .where(isLiveSql());
  if (tokenHash) q = q.where('tokenHash', '=', tokenHash);
  return q.returning([...storedColumns, 'status']).executeTakeFirst();
}

/**
 * Locks the pending invitations of these members, in id order (every writer locks invitations in
 * that order, so two bulk calls cannot deadlock on them). Those still live (database clock) come
 * back as `live`; those past their expiry are written `expired` (history) so a new invitation can
 * take their place.
 */
export async function lockPendingForMembers(db: Db, orgId: string, memberIds: readonly string[]): Promise<{ live: { id: string; memberId: string }[] }> {
  if (memberIds.length === 0) return { live: [] };
  const rows = await sql<{ id: string; memberId: string; live: boolean }>`
    select id, member_id, ${isLiveSql()} as live from invitations
    where org_id = ${orgId}::uuid and member_id = any(${memberIds}::uuid[]) and status = 'pending'
    order by id
    for update
  `.execute(db);
  const stale = rows.rows.filter((r) => !r.live).map((r) => r.id);
  if (stale.length) {
    await sql`update invitations set status = 'expired' where org_id = ${orgId}::uuid and id = any(${stale}::uuid[])`.execute(db);
  }
  return { live: rows.rows.filter((r) => r.live).map(({ id, memberId }) => ({ id, memberId })) };
}

/**
 * Of these normalized addresses, those an invite would send nothing to now: members who joined or
 * were deactivated, and pending ones holding a live invitation (R3). Read without locks: the caller
 * decides from it only who may take the daily cap's places, and checks again, locked, before sending.
 */
export async function addressesSendingNothing(db: Db, orgId: string, normalized: readonly string[]): Promise<Set<string>> {
  if (normalized.length === 0) return new Set();
  const rows = await sql<{ emailNormalized: string }>`
    select m.email_normalized from members m
    where m.org_id = ${orgId}::uuid and m.email_normalized = any(${normalized}::text[])
      and (m.status <> 'pending' or exists (
        select from invitations i where i.org_id = m.org_id and i.member_id = m.id and ${isLiveSql('i')}))
  `.execute(db);
  return new Set(rows.rows.map((r) => r.emailNormalized));
}

/** Another pending invitation of this member than `exceptId`, if any (expired or not). */
export async function findOtherPendingInvitation(db: Db, orgId: string, memberId: string, exceptId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('invitations').select('id').where('orgId', '=', orgId).where('memberId', '=', memberId).where('status', '=', 'pending').where('id', '<>', exceptId).executeTakeFirst();
}

/** Marks one invitation revoked (the caller has checked it may be). */
export async function markInvitationRevoked(db: Db, orgId: string, id: string): Promise<void> {
  await db.updateTable('invitations').set({ status: 'revoked', revokedAt: sql<Date>`now()` }).where('orgId', '=', orgId).where('id', '=', id).execute();
}

/** The member's live pending invitation (not past its expiry), if any. */
export async function findLivePendingInvitationId(db: Db, orgId: string, memberId: string): Promise<string | undefined> {
  const row = await db.selectFrom('invitations as i').select('i.id').where('i.orgId', '=', orgId).where('i.memberId', '=', memberId).where(isLiveSql('i')).executeTakeFirst();
  return row?.id;
}
