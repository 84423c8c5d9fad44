import type { Db } from '../../storage/db.ts';
import { countPeople, type PeopleCounts } from '../../storage/people-counts.ts';
import type { OrgAccess } from '../actor.ts';
import { requireMember } from '../organizations/access.ts';

/**
 * The numbers on the console's People tabs and in the "send to all" confirmation: members by
 * status, invitations by effective status, and how many people a send to all pending would mail.
 * Readable by whoever may list members and invitations (members and admins).
 */
export async function getPeopleCounts(db: Db, access: OrgAccess): Promise<PeopleCounts> {
  requireMember(access);
  return countPeople(db, access.orgId);
}
