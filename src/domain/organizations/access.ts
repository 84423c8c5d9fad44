import type { OrgRole } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';

const rank: Record<OrgRole, number> = { guest: 0, member: 1, admin: 2 };

/** Only admins manage people, invitations, apps, teams, tokens and settings. */
export function requireAdmin(access: OrgAccess): void {
  if (access.role !== 'admin') throw new DomainError('forbidden', 'Only organization admins can do this.');
}

/** Members and admins read the directory; guests only see their own apps. */
export function requireMember(access: OrgAccess): void {
  if (rank[access.role] < rank.member) throw new DomainError('forbidden');
}

/** Nobody grants a role above their own. */
export function requireGrantable(access: OrgAccess, role: OrgRole): void {
  if (rank[role] > rank[access.role]) throw new DomainError('role_above_own');
}
