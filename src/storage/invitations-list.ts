import { readWithInviterNames } from './actors.ts';
import type { Db } from './db.ts';
import type { InvitationStatus } from './schema.ts';
import { pageLimit, pageLimitText } from './page-limit.ts';
import { fragmentText, hiddenFromPlanner, Params, runStatement } from './raw-statement.ts';
import { PREFIX_END } from './prefix.ts';
import { effectiveStatusSql, isLiveSql, pastExpirySql, type InvitationRow } from './invitations.ts';

export type InvitationListRow = Omit<InvitationRow, 'orgId'> & {
  /** The invitee's name as the organization knows it, else their account's; null when unknown. */
  name: string | null;
  /** Who sent it, named (readWithInviterNames); null for the system, or an account or token since deleted. */
  inviterName: string | null;
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
 * One page of an organization's invitations, each with the invitee's name (in the same statement)
 * and the inviter's (readWithInviterNames).
 * Newest first (keyset on created_at, id); while searching by address prefix, in address order and
 * newest first for each address (keyset on email_normalized, created_at, id), so the page is a walk of
 * the (email_normalized, org_id, created_at, id) index that stops at the page, whatever the prefix
 * matches. created_at is always written to the millisecond, so the cursor's time is exact. Status,
 * and the status filter, are the effective status on the database's clock: `pending` means not yet
 * expired, `expired` includes pending invitations whose time has passed but that no sweep has
 * written yet.
 */
export async function listInvitations(db: Db, orgId: string, options: InvitationListOptions): Promise<InvitationListRow[]> {
  // Written as text (storage/raw-statement.ts): a page is asked for hundreds of times a second.
  const f = fragments(db);
  const p = new Params();
  const org = p.add(orgId);
  const where = [`i.org_id = ${org}`];
  if (options.status === 'pending') where.push(f.live);
  else if (options.status === 'expired') where.push(`(i.status = 'expired' or ${f.pastExpiry})`);
  else if (options.status) where.push(`i.status = ${p.add(options.status)}`);
  const after = options.after;
  const newer = () => {
    const at = p.add(after!.createdAt);
    return `(i.created_at < ${at} or (i.created_at = ${at} and i.id < ${p.add(after!.id)}))`;
  };
  const prefix = options.emailPrefix;
  let order = 'i.created_at desc, i.id desc';
  let pageOrder = 'page."createdAt" desc, page.id desc';
  if (prefix === undefined) {
    if (after) where.push(newer());
  } else {
    // Bounds hidden from the planner: the statement keeps one generic plan (raw-statement.ts).
    where.push(`i.email_normalized >= ${hiddenFromPlanner(p.add(prefix))}`, `i.email_normalized < ${hiddenFromPlanner(p.add(prefix + PREFIX_END))}`);
    const lastEmail = after?.emailNormalized;
    if (after && lastEmail !== undefined) {
      const last = p.add(lastEmail);
      where.push(`(i.email_normalized > ${last} or (i.email_normalized = ${last} and ${newer()}))`);
    }
    order = `i.email_normalized, ${order}`;
    pageOrder = `page."emailNormalized", ${pageOrder}`;
  }
  // The name is a look-up per listed row (by the members key), not a join the planner may turn into
  // a scan of every member (it did on PGlite, which has no statistics: 1.3 s for a page of 50). The
  // account's name only for a member without one of their own: joined on every row, the small
  // auth_user table was scanned again for each, and on the embedded database each scan checks the
  // table's size on disk (an fstat).
  const text = `select ${f.status} as status,
    (select coalesce(m.name, (select u.name from auth_user u where m.account_id is not null and u.id = m.account_id)) from members m
      where m.org_id = i.org_id and m.id = i.member_id) as name,
    i.id, i.member_id as "memberId", i.email, i.email_normalized as "emailNormalized", i.role, i.expires_at as "expiresAt",
    i.sent_count as "sentCount", i.last_sent_at as "lastSentAt", i.invited_by as "invitedBy", i.created_at as "createdAt",
    i.accepted_at as "acceptedAt", i.declined_at as "declinedAt", i.revoked_at as "revokedAt"
  from invitations i where ${where.join(' and ')}
  order by ${order} limit ${pageLimitText(options.limit)}`;
  return readWithInviterNames<Omit<InvitationListRow, 'inviterName'>>(db, { text, values: p.values, order: pageOrder, orgId, orgPlaceholder: org });
}

let compiled: { status: string; live: string; pastExpiry: string } | undefined;

/** The effective-status fragments the Kysely queries use too, as text (compiled once). */
function fragments(db: Db): { status: string; live: string; pastExpiry: string } {
  compiled ??= { status: fragmentText(db, effectiveStatusSql('i')), live: fragmentText(db, isLiveSql('i')), pastExpiry: fragmentText(db, pastExpirySql('i')) };
  return compiled;
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
