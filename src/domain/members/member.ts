import { inviterOf } from '../audit/actor-names.ts';
import type { Db } from '../../storage/db.ts';
import type { MemberKey } from '../../storage/members.ts';
import { selectMemberRows, type MemberBadge, type MemberFilter, type MemberRow } from '../../storage/members-list.ts';
import type { AppRole, GraphqlRole, InvitationStatus, MemberSource } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../organizations/organization.ts';

/** What the Users list shows for a pending member, from its latest invitation (PRODUCT §1.2). */
export type Badge = MemberBadge;

export interface InvitationSummary {
  id: string;
  /** Effective (read on the database's clock): a pending invitation past its expiry reads as expired. */
  status: InvitationStatus;
  expiresAt: Date;
  sentCount: number;
  lastSentAt: Date;
}

export interface MemberView extends MemberKey {
  source: MemberSource;
  /** The OpsLevel-style role last written through GraphQL, if any. */
  graphqlRole: GraphqlRole | null;
  accountId: string | null;
  invitedBy: string | null;
  createdAt: Date;
  joinedAt: Date | null;
  teams: { id: string; name: string }[];
  apps: { appId: string; appRole: AppRole; name: string }[];
  /** Who added the person, by name (a person, or an API token); null when that actor is gone. */
  inviter: { name: string } | null;
  /** Set for pending members only. */
  badge: Badge | null;
  /** The latest invitation of a pending member, if any. */
  invitation: InvitationSummary | null;
  /** The organization's only active admin: can't be removed, demoted or deactivated (last_admin). */
  isLastAdmin: boolean;
}

function summary(row: MemberRow): InvitationSummary | null {
  if (row.status !== 'pending' || !row.invitationId || !row.invitationStatus || !row.invitationExpiresAt || !row.invitationLastSentAt) return null;
  return {
    id: row.invitationId,
    status: row.invitationStatus,
    expiresAt: row.invitationExpiresAt,
    sentCount: row.invitationSentCount ?? 1,
    lastSentAt: row.invitationLastSentAt,
  };
}

/**
 * Members matching the filter with their teams, apps, badges and inviters: one statement for the
 * whole page (selectMemberRows), whatever its size.
 */
export async function loadMembers(db: Db, orgId: string, filter: MemberFilter): Promise<MemberView[]> {
  const rows = await selectMemberRows(db, orgId, filter);
  return rows.map((r) => ({
    id: r.id, email: r.email, emailNormalized: r.emailNormalized, name: r.name, role: r.role, graphqlRole: r.graphqlRole, status: r.status, source: r.source,
    accountId: r.accountId, invitedBy: r.invitedBy, inviter: inviterOf(r.invitedBy, r.inviterName), createdAt: r.createdAt, joinedAt: r.joinedAt,
    teams: r.teams,
    apps: r.apps,
    badge: r.badge,
    invitation: summary(r),
    isLastAdmin: r.isLastAdmin,
  }));
}

/** One member of the organization as the Users list shows it, or member_not_found. */
export async function loadMember(db: Db, orgId: string, id: string): Promise<MemberView> {
  if (!isId(id)) throw new DomainError('member_not_found');
  const [member] = await loadMembers(db, orgId, { ids: [id], limit: 1 });
  if (!member) throw new DomainError('member_not_found');
  return member;
}
