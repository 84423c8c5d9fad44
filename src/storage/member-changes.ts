import type { Db } from './db.ts';
import type { MemberStatus, OrgRole } from './schema.ts';

/** The fields of a member an admin's change writes; absent fields stay as they are. */
export interface MemberChange {
  name?: string | null;
  role?: OrgRole;
  status?: MemberStatus;
  joinedAt?: Date;
}

/** Writes the given fields of a member; nothing when the change is empty. */
export async function updateMemberRow(db: Db, orgId: string, memberId: string, change: MemberChange): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await db.updateTable('members').set(change).where('orgId', '=', orgId).where('id', '=', memberId).execute();
}

/** Gives the member's pending invitations this role (what accepting one will grant). */
export async function setPendingInvitationsRole(db: Db, orgId: string, memberId: string, role: OrgRole): Promise<void> {
  await db.updateTable('invitations').set({ role }).where('orgId', '=', orgId).where('memberId', '=', memberId).where('status', '=', 'pending').execute();
}

/** Deletes a member (teams and app access go with it; invitations stay as history with no member). */
export async function deleteMemberRow(db: Db, orgId: string, memberId: string): Promise<void> {
  await db.deleteFrom('members').where('orgId', '=', orgId).where('id', '=', memberId).execute();
}

/**
 * Gives a member another address; false when another member of the organization has it (a
 * concurrent change to the same address fails on the unique key instead).
 */
export async function changeMemberEmail(db: Db, orgId: string, memberId: string, email: { display: string; normalized: string }): Promise<boolean> {
  const result = await db
    .updateTable('members')
    .set({ email: email.display, emailNormalized: email.normalized })
    .where('orgId', '=', orgId)
    .where('id', '=', memberId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('members as o').select('o.id').where('o.orgId', '=', orgId).where('o.emailNormalized', '=', email.normalized).where('o.id', '<>', memberId))),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
