import type { Db } from '../../storage/db.ts';
import { listActiveMemberships, type MembershipRow } from '../../storage/memberships.ts';

export type MyOrganization = MembershipRow;

/** The organizations the signed-in account has joined (active memberships only), with its role in each, by name. */
export async function listMyOrganizations(db: Db, account: { accountId: string }): Promise<MyOrganization[]> {
  return listActiveMemberships(db, account.accountId);
}
