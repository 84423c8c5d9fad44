import type { Db } from './db.ts';
import type { OrgRole } from './schema.ts';

/** The role of the account's active membership in the organization, or undefined when it has none. */
export async function findActiveRole(db: Db, orgId: string, accountId: string): Promise<OrgRole | undefined> {
  const member = await db
    .selectFrom('members')
    .select('role')
    .where('orgId', '=', orgId)
    .where('accountId', '=', accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return member?.role;
}

export interface MembershipRow {
  id: string;
  slug: string;
  name: string;
  role: OrgRole;
}

/** The organizations in which the account is an active member, with its role there, by organization name. */
export async function listActiveMemberships(db: Db, accountId: string): Promise<MembershipRow[]> {
  return db
    .selectFrom('members')
    .innerJoin('organizations', 'organizations.id', 'members.orgId')
    .select(['organizations.id', 'organizations.slug', 'organizations.name', 'members.role'])
    .where('members.accountId', '=', accountId)
    .where('members.status', '=', 'active')
    .orderBy('organizations.name')
    .execute();
}
