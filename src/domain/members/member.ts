import type { Db } from '../../storage/db.ts';
import type { MemberKey } from '../../storage/members.ts';
import { selectMemberApps, selectMemberRows, selectMemberTeams, type MemberFilter, type MemberRow } from '../../storage/members-list.ts';
import type { AppRole, InvitationStatus, MemberSource } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../organizations/organization.ts';

/** What the Users list shows for a pending member, from its latest invitation (PRODUCT §1.2). */
export type Badge = 'not_invited' | 'invited' | 'expired' | 'declined';

export interface InvitationSummary {
  id: string;
  /** Effective (read on the database's clock): a pending invitation past its expiry reads as expired. */
  status: InvitationStatus;
  expiresAt: Date;
  sentCount: number;
}

export interface MemberView extends MemberKey {
  source: MemberSource;
  accountId: string | null;
  invitedBy: string | null;
  createdAt: Date;
  joinedAt: Date | null;
  teams: { id: string; name: string }[];
  apps: { appId: string; appRole: AppRole; name: string }[];
  /** Set for pending members only. */
  badge: Badge | null;
  /** The latest invitation of a pending member, if any. */
  invitation: InvitationSummary | null;
}

/** The badge of a pending member whose latest invitation is `latest` (undefined: never invited). */
export function badgeOf(latest: InvitationSummary | null): Badge {
  switch (latest?.status) {
    case 'pending':
      return 'invited';
    case 'expired':
      return 'expired';
    case 'declined':
      return 'declined';
    default:
      return 'not_invited';
  }
}

function summary(row: MemberRow): InvitationSummary | null {
  if (row.status !== 'pending' || !row.invitationId || !row.invitationStatus || !row.invitationExpiresAt) return null;
  return {
    id: row.invitationId,
    status: row.invitationStatus,
    expiresAt: row.invitationExpiresAt,
    sentCount: row.invitationSentCount ?? 1,
  };
}

function groupBy<T extends { memberId: string }>(rows: readonly T[]): Map<string, Omit<T, 'memberId'>[]> {
  const map = new Map<string, Omit<T, 'memberId'>[]>();
  for (const { memberId, ...rest } of rows) {
    const list = map.get(memberId) ?? [];
    list.push(rest);
    map.set(memberId, list);
  }
  return map;
}

/**
 * Members matching the filter with their teams, apps and badges: three statements for the whole
 * page (members with their latest invitation, then teams, then apps), whatever its size.
 */
export async function loadMembers(db: Db, orgId: string, filter: MemberFilter): Promise<MemberView[]> {
  const rows = await selectMemberRows(db, orgId, filter);
  const ids = rows.map((r) => r.id);
  const [teams, apps] = await Promise.all([selectMemberTeams(db, orgId, ids), selectMemberApps(db, orgId, ids)]);
  const teamsOf = groupBy(teams);
  const appsOf = groupBy(apps);
  return rows.map((r) => {
    const invitation = summary(r);
    return {
      id: r.id, email: r.email, emailNormalized: r.emailNormalized, name: r.name, role: r.role, status: r.status, source: r.source,
      accountId: r.accountId, invitedBy: r.invitedBy, createdAt: r.createdAt, joinedAt: r.joinedAt,
      teams: teamsOf.get(r.id) ?? [],
      apps: appsOf.get(r.id) ?? [],
      badge: r.status === 'pending' ? badgeOf(invitation) : null,
      invitation,
    };
  });
}

/** One member of the organization as the Users list shows it, or member_not_found. */
export async function loadMember(db: Db, orgId: string, id: string): Promise<MemberView> {
  if (!isId(id)) throw new DomainError('member_not_found');
  const [member] = await loadMembers(db, orgId, { ids: [id], limit: 1 });
  if (!member) throw new DomainError('member_not_found');
  return member;
}
