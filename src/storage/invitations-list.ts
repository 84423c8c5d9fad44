import type { Db } from './db.ts';
import { effectiveStatusSql, isLiveSql, type InvitationRow } from './invitations.ts';
import type { InvitationStatus } from './schema.ts';

export type InvitationListRow = Omit<InvitationRow, 'orgId' | 'emailNormalized'>;

/**
 * One page of an organization's invitations, newest first (keyset on created_at, id). created_at is
 * always written to the millisecond, so the cursor's time is exact. Status, and the status filter,
 * are the effective status on the database's clock: `pending` means not yet expired, `expired`
 * includes pending invitations whose time has passed but that no sweep has written yet.
 */
export async function listInvitations(
  db: Db,
  orgId: string,
  options: { status?: InvitationStatus | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number },
): Promise<InvitationListRow[]> {
  let q = db
    .selectFrom('invitations')
    .select(effectiveStatusSql().as('status'))
    .select(['id', 'memberId', 'email', 'role', 'expiresAt', 'sentCount', 'lastSentAt', 'invitedBy', 'createdAt', 'acceptedAt', 'declinedAt', 'revokedAt'])
    .where('orgId', '=', orgId);
  if (options.status === 'pending') q = q.where(isLiveSql());
  else if (options.status === 'expired') q = q.where((eb) => eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb.not(isLiveSql())])]));
  else if (options.status) q = q.where('status', '=', options.status);
  const after = options.after;
  if (after) q = q.where((eb) => eb.or([eb('createdAt', '<', after.createdAt), eb.and([eb('createdAt', '=', after.createdAt), eb('id', '<', after.id)])]));
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export interface MyInvitationRow {
  id: string;
  email: string;
  role: 'admin' | 'member' | 'guest';
  expiresAt: Date;
  invitedBy: string | null;
  orgId: string;
  orgSlug: string;
  orgName: string;
}

/** Live pending invitations addressed to this normalized email, in every organization (R10). */
export async function listPendingForEmail(db: Db, emailNormalized: string): Promise<MyInvitationRow[]> {
  return db
    .selectFrom('invitations')
    .innerJoin('organizations', 'organizations.id', 'invitations.orgId')
    .select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.expiresAt', 'invitations.invitedBy', 'invitations.orgId', 'organizations.slug as orgSlug', 'organizations.name as orgName'])
    .where('invitations.emailNormalized', '=', emailNormalized)
    .where(isLiveSql('invitations'))
    .orderBy('invitations.createdAt', 'desc')
    .limit(100)
    .execute();
}
