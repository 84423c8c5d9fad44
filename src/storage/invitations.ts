import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { OrgRole } from './schema.ts';
import { keepSupersededTokens } from './superseded-tokens.ts';

export interface NewInvitationRow {
  memberId: string;
  email: string;
  emailNormalized: string;
  role: OrgRole;
  tokenHash: Buffer;
}

/**
 * Inserts pending invitations in one statement. A member that already has a pending invitation is
 * skipped by the partial unique index; only the rows actually created come back.
 */
export async function insertInvitations(
  db: Db,
  common: { orgId: string; invitedBy: string; expiresAt: Date; now: Date },
  rows: readonly NewInvitationRow[],
): Promise<{ id: string; memberId: string }[]> {
  if (rows.length === 0) return [];
  const result = await sql<{ id: string; memberId: string }>`
    insert into invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at, last_sent_at, invited_by, created_at)
    select ${common.orgId}::uuid, m, e, n, r, h, ${common.expiresAt}::timestamptz, ${common.now}::timestamptz, ${common.invitedBy}, ${common.now}::timestamptz
    from unnest(${rows.map((r) => r.memberId)}::uuid[], ${rows.map((r) => r.email)}::text[],
      ${rows.map((r) => r.emailNormalized)}::text[], ${rows.map((r) => r.role)}::text[],
      ${rows.map((r) => r.tokenHash)}::bytea[]) as t(m, e, n, r, h)
    on conflict (org_id, member_id) where status = 'pending' do nothing
    returning id, member_id
  `.execute(db);
  return result.rows;
}

/**
 * Gives invitations new tokens and a new expiry, and makes them pending again (resend). The tokens
 * replaced are kept as superseded (hash only), so their links can say a newer one was sent.
 */
export async function reissueInvitationTokens(
  db: Db,
  input: { orgId: string; expiresAt: Date; now: Date; ids: readonly string[]; tokenHashes: readonly Buffer[] },
): Promise<void> {
  await keepSupersededTokens(db, input.orgId, input.ids);
  await sql`
    update invitations i
    set token_hash = t.h, expires_at = ${input.expiresAt}::timestamptz, last_sent_at = ${input.now}::timestamptz,
        sent_count = i.sent_count + 1, status = 'pending', reminder_sent_at = null
    from unnest(${input.ids}::uuid[], ${input.tokenHashes}::bytea[]) as t(id, h)
    where i.org_id = ${input.orgId}::uuid and i.id = t.id
  `.execute(db);
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

const invitationColumns = [
  'orgId', 'id', 'memberId', 'email', 'emailNormalized', 'role', 'status', 'expiresAt', 'sentCount',
  'lastSentAt', 'invitedBy', 'createdAt', 'acceptedAt', 'declinedAt', 'revokedAt',
] as const;

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
    .set({ status: outcome, [stamp]: new Date() })
    .where('orgId', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expiresAt', '>', new Date());
  if (tokenHash) q = q.where('tokenHash', '=', tokenHash);
  return q.returning(invitationColumns).executeTakeFirst();
}

/**
 * Locks the pending invitations of these members. Those still live come back as `live`; those
 * past their expiry are written `expired` (history) so a new invitation can take their place.
 */
export async function lockPendingForMembers(
  db: Db,
  orgId: string,
  memberIds: readonly string[],
  now: Date,
): Promise<{ live: { id: string; memberId: string }[] }> {
  if (memberIds.length === 0) return { live: [] };
  const rows = await sql<{ id: string; memberId: string; expiresAt: Date }>`
    select id, member_id, expires_at from invitations
    where org_id = ${orgId}::uuid and member_id = any(${memberIds}::uuid[]) and status = 'pending'
    for update
  `.execute(db);
  const stale = rows.rows.filter((r) => r.expiresAt.getTime() <= now.getTime()).map((r) => r.id);
  if (stale.length) {
    await sql`update invitations set status = 'expired' where org_id = ${orgId}::uuid and id = any(${stale}::uuid[])`.execute(db);
  }
  return { live: rows.rows.filter((r) => r.expiresAt.getTime() > now.getTime()).map(({ id, memberId }) => ({ id, memberId })) };
}
