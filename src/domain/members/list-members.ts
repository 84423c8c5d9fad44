import type { Db } from '../../storage/db.ts';
import type { MemberStatus, OrgRole } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { requireMember } from '../organizations/access.ts';
import { loadMember, loadMembers, type Badge, type MemberView } from './member.ts';

/** What the console filters the Users list by: a member status, or the badge of pending members. */
export type MemberStatusFilter = MemberStatus | Badge;

export interface MemberQuery {
  status?: MemberStatusFilter | undefined;
  role?: OrgRole | undefined;
  /** A prefix of the email address or of the name, compared case-insensitively. */
  q?: string | undefined;
  /** The `next` of the previous page. */
  after?: string | undefined;
  limit: number;
}

export interface MemberPage {
  items: MemberView[];
  /** Where the next page starts (the last normalized address), or undefined on the last page. */
  next: string | undefined;
}

const memberStatuses: readonly string[] = ['pending', 'active', 'deactivated'] satisfies MemberStatus[];

function isMemberStatus(status: MemberStatusFilter): status is MemberStatus {
  return memberStatuses.includes(status);
}

/**
 * The Users list (members and admins only): members ordered by normalized address, keyset-paginated
 * on it, optionally filtered by status or pending badge, role, and a prefix of the address or name.
 */
export async function listMembers(db: Db, access: OrgAccess, query: MemberQuery): Promise<MemberPage> {
  requireMember(access);
  const q = query.q?.trim();
  const status = query.status;
  const rows = await loadMembers(db, access.orgId, {
    ...(status && isMemberStatus(status) ? { status } : { badge: status }),
    role: query.role,
    search: q ? { emailPrefix: q.toLowerCase(), namePrefix: q } : undefined,
    after: query.after,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  return { items, next: rows.length > query.limit ? items.at(-1)?.emailNormalized : undefined };
}

/** One member (members and admins only); member_not_found for ids of other organizations. */
export async function getMember(db: Db, access: OrgAccess, id: string): Promise<MemberView> {
  requireMember(access);
  return loadMember(db, access.orgId, id);
}
