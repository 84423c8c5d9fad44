import type { Db } from '../../storage/db.ts';
import { selectTeamsWithCounts, type TeamRow } from '../../storage/teams.ts';
import type { OrgAccess } from '../actor.ts';
import { createNamed, deleteNamed } from '../apps/named-resource.ts';
import { requireMember } from '../organizations/access.ts';

export type TeamView = TeamRow & { memberCount: number };

/** Every team with its member count (members and admins: teams are part of the people directory). */
export async function listTeams(db: Db, access: OrgAccess): Promise<TeamView[]> {
  requireMember(access);
  return selectTeamsWithCounts(db, access.orgId);
}

/** Creates a team (admins only); team_name_taken when the organization has one of that name. Audited. */
export async function createTeam(db: Db, access: OrgAccess, name: string): Promise<TeamView> {
  const team = await createNamed(db, access, 'teams', name);
  return { ...team, memberCount: 0 };
}

/** Deletes a team and its memberships, not its members (admins only); team_not_found otherwise. Audited. */
export async function deleteTeam(db: Db, access: OrgAccess, id: string): Promise<void> {
  await deleteNamed(db, access, 'teams', id);
}
