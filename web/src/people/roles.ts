import type { Role, Schemas } from '../api/types';

export type AppRole = Schemas['AppRole'];

/** How each organization role reads in the console. */
export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', member: 'Member', guest: 'Guest' };

/** What each role may do, in a few words (under the role picker). */
export const ROLE_HINTS: Record<Role, string> = {
  admin: 'Manages people, invitations, apps and settings',
  member: 'Sees the people directory and every app',
  guest: 'Sees only the apps given below',
};

export const APP_ROLE_LABELS: Record<AppRole, string> = { admin: 'Admin', write: 'Write', read: 'Read' };

const RANK: Record<Role, number> = { guest: 0, member: 1, admin: 2 };
const ROLES: Role[] = ['admin', 'member', 'guest'];

/**
 * The roles a viewer may give (PRODUCT §1.1): only admins change roles, and nobody grants a role
 * above their own; empty for everyone else.
 */
export function grantableRoles(viewer: Role): Role[] {
  return viewer === 'admin' ? ROLES.filter((r) => RANK[r] <= RANK[viewer]) : [];
}

/** Select options for these roles. */
export function roleOptions(roles: readonly Role[]): { value: Role; label: string }[] {
  return roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
}
