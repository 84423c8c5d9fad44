import { describeActors } from '../../storage/actors.ts';
import { inviterOf } from '../audit/actor-names.ts';
import type { Db } from '../../storage/db.ts';
import { findInvitation, type InvitationRow } from '../../storage/invitations.ts';
import { listInvitations as selectInvitations, type InvitationListRow } from '../../storage/invitations-list.ts';
import type { InvitationStatus } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireMember } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';

/** A position in the newest-first list: the last row's createdAt (ISO 8601) and id. */
export interface InvitationKey {
  createdAt: string;
  id: string;
}

/** A listed invitation with who sent it, as admins read it (a person, an API token, or Guestlist). */
export type ListedInvitation = InvitationListRow & { inviter: { name: string } | null };

export interface InvitationPage {
  items: ListedInvitation[];
  /** Where the next page starts, or undefined on the last page. */
  next: InvitationKey | undefined;
}

function afterKey(key: InvitationKey | undefined): { createdAt: Date; id: string } | undefined {
  if (!key) return undefined;
  const createdAt = new Date(key.createdAt);
  if (Number.isNaN(createdAt.getTime()) || !isId(key.id)) throw new DomainError('validation_failed', 'query.cursor: not a cursor this API gave out.');
  return { createdAt, id: key.id };
}

/** Who sent each invitation, in at most two queries whatever the page size; null for an actor since deleted. */
async function withInviters(db: Db, rows: InvitationListRow[]): Promise<ListedInvitation[]> {
  const actors = await describeActors(db, rows.map((r) => r.invitedBy));
  return rows.map((r) => ({ ...r, inviter: inviterOf(r.invitedBy, actors) }));
}

/**
 * The organization's invitations, newest first, keyset-paginated on (createdAt, id), optionally
 * filtered by effective status, with the invitee's name and the inviter's (members and admins
 * only; guests are refused).
 */
export async function listInvitations(
  db: Db,
  access: OrgAccess,
  query: { status?: InvitationStatus | undefined; after?: InvitationKey | undefined; limit: number },
): Promise<InvitationPage> {
  requireMember(access);
  const after = afterKey(query.after);
  const rows = await selectInvitations(db, access.orgId, { status: query.status, after, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? items.at(-1) : undefined;
  return { items: await withInviters(db, items), next: last && { createdAt: last.createdAt.toISOString(), id: last.id } };
}

/** One invitation of the organization (members and admins only); invitation_not_found for ids of other organizations. */
export async function getInvitation(db: Db, access: OrgAccess, id: string): Promise<InvitationRow> {
  requireMember(access);
  const invitation = isId(id) ? await findInvitation(db, access.orgId, id) : undefined;
  if (!invitation) throw new DomainError('invitation_not_found');
  return invitation;
}
