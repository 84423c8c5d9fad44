import { createTeam, deleteTeam, listTeams } from '../../domain/teams/manage-teams.ts';
import type { AppDeps } from '../env.ts';
import { namedResourceRoutes } from './apps.ts';
import { presentTeam, Team } from './present-directory.ts';

/** Teams (PRODUCT §1) with their member counts; membership is set through PATCH /members/{id}. */
export function teamRoutes(deps: AppDeps) {
  return namedResourceRoutes(deps, {
    path: 'teams', tag: 'Teams', schema: Team, present: presentTeam, list: listTeams, create: createTeam, remove: deleteTeam,
    summaries: { list: 'Teams with member counts (members and admins)', create: 'Create a team (admins)', remove: 'Delete a team; its members stay (admins)' },
  });
}
