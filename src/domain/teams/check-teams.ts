import type { Db } from '../../storage/db.ts';
import { findTeamIds } from '../../storage/teams.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../organizations/organization.ts';

/** Throws team_not_found (naming the first unknown id) unless every id is a team of the organization. */
export async function assertTeamsExist(db: Db, orgId: string, teamIds: readonly string[]): Promise<void> {
  const known = await findTeamIds(db, orgId, teamIds.filter(isId));
  const missing = teamIds.find((id) => !known.has(id.toLowerCase()));
  if (missing) throw new DomainError('team_not_found', `No such team: ${missing}.`);
}
