import type { Db } from './db.ts';
import type { InvitationRow } from './invitations.ts';
import type { InvitationStatus } from './schema.ts';

export type InvitationListRow = Omit<InvitationRow, 'orgId' | 'emailNormalized'>;

/**
 * One page of an organization's invitations, newest first (keyset on created_at, id). created_at is
 * always written from a JavaScript Date (millisecond precision), so the cursor's time is exact. The status
 * filter uses the effective status: `pending` means not yet expired, `expired` includes pending
 * invitations whose time has passed but that no sweep has written yet.
 */
export async function listInvitations(
  db: Db,
  orgId: string,
  options: { status?: InvitationStatus | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number },
): Promise<InvitationListRow[]> {
  const now = new Date();
  let q = db
    .selectFrom('invitations')
    .select(['id', 'memberId', 'email', 'role', 'status', 'expiresAt', 'sentCount', 'lastSentAt', 'invitedBy', 'createdAt', 'acceptedAt', 'declinedAt', 'revokedAt'])
    .where('orgId', '=', orgId);
  if (options.status === 'pending') q = q.where('status', '=', 'pending').where('expiresAt', '>', now);
  else if (options.status === 'expired') q = q.where((eb) => eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb('expiresAt', '<=', now)])]));
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
    .where('invitations.status', '=', 'pending')
    .where('invitations.expiresAt', '>', new Date())
    .orderBy('invitations.createdAt', 'desc')
    .limit(100)
    .execute();
}
