import type { ExpressionBuilder } from 'kysely';
import type { Db } from './db.ts';
import type { Database, InvitationStatus, InvitationsTable } from './schema.ts';
import { pageLimit } from './page-limit.ts';
import { PREFIX_END } from './prefix.ts';
import { effectiveStatusSql, isLiveSql, pastExpirySql, type InvitationRow } from './invitations.ts';

export type InvitationListRow = Omit<InvitationRow, 'orgId'> & {
  /** The invitee's name as the organization knows it, else their account's; null when unknown. */
  name: string | null;
};

/** Where a page starts: after this row of the previous page (`emailNormalized` only while searching). */
export interface InvitationListKey {
  emailNormalized?: string | undefined;
  createdAt: Date;
  id: string;
}

export interface InvitationListOptions {
  status?: InvitationStatus | undefined;
  /** Invitations whose normalized address starts with this (already lower-cased) prefix. */
  emailPrefix?: string | undefined;
  after?: InvitationListKey | undefined;
  limit: number;
}

/**
 * One page of an organization's invitations, each with the invitee's name in the same statement.
 * Newest first (keyset on created_at, id); while searching by address prefix, in address order and
 * newest first for each address (keyset on email_normalized, created_at, id), so the page is a walk of
 * the (email_normalized, org_id, created_at, id) index that stops at the page, whatever the prefix
 * matches. created_at is always written to the millisecond, so the cursor's time is exact. Status,
 * and the status filter, are the effective status on the database's clock: `pending` means not yet
 * expired, `expired` includes pending invitations whose time has passed but that no sweep has
 * written yet.
 */
export async function listInvitations(db: Db, orgId: string, options: InvitationListOptions): Promise<InvitationListRow[]> {
  let q = db
    .selectFrom('invitations as i')
    .select(effectiveStatusSql('i').as('status'))
    // A look-up per listed row (by the members key), not a join the planner may turn into a scan
    // of every member (it did on PGlite, which has no statistics: 1.3 s for a page of 50).
    .select((eb) =>
      eb
        .selectFrom('members as m')
        .leftJoin('auth_user as u', 'u.id', 'm.accountId')
        .select((inner) => inner.fn.coalesce('m.name', 'u.name').as('name'))
        .whereRef('m.orgId', '=', 'i.orgId')
        .whereRef('m.id', '=', 'i.memberId')
        .as('name'),
    )
    .select(['i.id', 'i.memberId', 'i.email', 'i.emailNormalized', 'i.role', 'i.expiresAt', 'i.sentCount', 'i.lastSentAt', 'i.invitedBy', 'i.createdAt', 'i.acceptedAt', 'i.declinedAt', 'i.revokedAt'])
    .where('i.orgId', '=', orgId);
  if (options.status === 'pending') q = q.where(isLiveSql('i'));
  else if (options.status === 'expired') q = q.where((eb) => eb.or([eb('i.status', '=', 'expired'), pastExpirySql('i')]));
  else if (options.status) q = q.where('i.status', '=', options.status);
  const after = options.after;
  const newer = after && ((eb: ExpressionBuilder<Database & { i: InvitationsTable }, 'i'>) =>
    eb.or([eb('i.createdAt', '<', after.createdAt), eb.and([eb('i.createdAt', '=', after.createdAt), eb('i.id', '<', after.id)])]));
  const prefix = options.emailPrefix;
  if (prefix === undefined) {
    if (newer) q = q.where(newer);
    return q.orderBy('i.createdAt', 'desc').orderBy('i.id', 'desc').limit(pageLimit(options.limit)).execute();
  }
  q = q.where('i.emailNormalized', '>=', prefix).where('i.emailNormalized', '<', prefix + PREFIX_END);
  const lastEmail = after?.emailNormalized;
  if (newer && lastEmail !== undefined) q = q.where((eb) => eb.or([eb('i.emailNormalized', '>', lastEmail), eb.and([eb('i.emailNormalized', '=', lastEmail), newer(eb)])]));
  return q.orderBy('i.emailNormalized').orderBy('i.createdAt', 'desc').orderBy('i.id', 'desc').limit(pageLimit(options.limit)).execute();
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
    .limit(pageLimit(100))
    .execute();
}
