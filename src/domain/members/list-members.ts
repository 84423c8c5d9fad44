import type { Db } from '../../storage/db.ts';
import type { MemberStatus, OrgRole } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { requireMember } from '../organizations/access.ts';
import { loadMember, loadMembers, type MemberView } from './member.ts';

export interface MemberQuery {
  status?: MemberStatus | undefined;
  role?: OrgRole | undefined;
  /** A prefix of the email address, compared case-insensitively. */
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

/**
 * The Users list (members and admins only): members ordered by normalized address, keyset-paginated
 * on it, optionally filtered by status, role and address prefix.
 */
export async function listMembers(db: Db, access: OrgAccess, query: MemberQuery): Promise<MemberPage> {
  requireMember(access);
  const prefix = query.q?.trim().toLowerCase();
  const rows = await loadMembers(db, access.orgId, {
    status: query.status,
    role: query.role,
    emailPrefix: prefix || undefined,
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
