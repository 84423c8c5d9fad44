import type { GraphqlRole, OrgRole } from '../storage/schema.ts';

/** OpsLevel's roles as Guestlist holds them: admins are admins, basic users guests, everyone else a member. */
export const ROLE_OF: Readonly<Record<GraphqlRole, OrgRole>> = {
  admin: 'admin',
  standards_admin: 'member',
  team_member: 'member',
  user: 'member',
  basic_user: 'guest',
};

const DEFAULT_FOR: Readonly<Record<OrgRole, GraphqlRole>> = { admin: 'admin', member: 'user', guest: 'basic_user' };

/**
 * The role a GraphQL client reads: the one it last wrote while it still means the member's role
 * (Terraform compares what it wrote with what it reads), else the plain equivalent of the role.
 */
export function graphqlRoleOf(member: { role: OrgRole; graphqlRole?: GraphqlRole | null }): GraphqlRole {
  return member.graphqlRole && ROLE_OF[member.graphqlRole] === member.role ? member.graphqlRole : DEFAULT_FOR[member.role];
}
