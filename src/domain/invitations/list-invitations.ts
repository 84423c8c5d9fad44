import { inviterOf } from '../audit/actor-names.ts';
import type { Db } from '../../storage/db.ts';
import { findInvitation, type InvitationRow } from '../../storage/invitations.ts';
import { listInvitations as selectInvitations, type InvitationListKey, type InvitationListRow } from '../../storage/invitations-list.ts';
import type { InvitationStatus } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireMember } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';

/** A position in the list: the last row's createdAt (ISO 8601) and id, and its normalized address while searching. */
export interface InvitationKey {
  emailNormalized?: string | undefined;
  createdAt: string;
  id: string;
}

export interface InvitationQuery {
  status?: InvitationStatus | undefined;
  /** A prefix of the invitee's address, compared case-insensitively; the list is then in address order. */
  q?: string | undefined;
  after?: InvitationKey | undefined;
  limit: number;
}

/** A listed invitation with who sent it, as admins read it (a person, an API token, or Guestlist). */
export type ListedInvitation = InvitationListRow & { inviter: { name: string } | null };

export interface InvitationPage {
  items: ListedInvitation[];
  /** Where the next page starts, or undefined on the last page. */
  next: InvitationKey | undefined;
}

function afterKey(key: InvitationKey | undefined, searching: boolean): InvitationListKey | undefined {
  if (!key) return undefined;
  const createdAt = new Date(key.createdAt);
  if (Number.isNaN(createdAt.getTime()) || !isId(key.id) || searching !== (key.emailNormalized !== undefined)) {
    throw new DomainError('validation_failed', 'query.cursor: not a cursor this API gave out for this search.');
  }
  return { emailNormalized: key.emailNormalized, createdAt, id: key.id };
}

/**
 * The organization's invitations, newest first, keyset-paginated on (createdAt, id), optionally
 * filtered by effective status; with a search (a prefix of the invitee's address), in address order,
 * newest first for each address. Each with the invitee's name and the inviter's (members and admins
 * only; guests are refused).
 */
export async function listInvitations(db: Db, access: OrgAccess, query: InvitationQuery): Promise<InvitationPage> {
  requireMember(access);
  const q = query.q?.trim().toLowerCase() || undefined;
  const after = afterKey(query.after, q !== undefined);
  const rows = await selectInvitations(db, access.orgId, { status: query.status, emailPrefix: q, after, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? items.at(-1) : undefined;
  const next = last && { ...(q !== undefined ? { emailNormalized: last.emailNormalized } : {}), createdAt: last.createdAt.toISOString(), id: last.id };
  return { items: items.map((r) => ({ ...r, inviter: inviterOf(r.invitedBy, r.inviterName) })), next };
}

/** One invitation of the organization (members and admins only); invitation_not_found for ids of other organizations. */
export async function getInvitation(db: Db, access: OrgAccess, id: string): Promise<InvitationRow> {
  requireMember(access);
  const invitation = isId(id) ? await findInvitation(db, access.orgId, id) : undefined;
  if (!invitation) throw new DomainError('invitation_not_found');
  return invitation;
}
