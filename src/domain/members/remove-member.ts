import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { deleteMemberRow } from '../../storage/member-changes.ts';
import { closePendingInvitations } from '../../storage/members.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { requireAdmin } from '../organizations/access.ts';
import { assertNotLastAdmin, lockMemberForChange } from './locks.ts';

/**
 * Removes a member (admins only). The last active admin cannot be removed (last_admin, decided
 * under the organization lock). Their pending invitations are ended first in the same transaction,
 * so no link outlives the member; the invitations stay as history with no member.
 */
export async function removeMember(db: Db, access: OrgAccess, id: string): Promise<void> {
  requireAdmin(access);
  await db.transaction().execute(async (trx) => {
    const member = await lockMemberForChange(trx, access.orgId, id, { lockOrganization: true });
    await assertNotLastAdmin(trx, access.orgId, member);
    const revoked = await closePendingInvitations(trx, access.orgId, member.id);
    await deleteMemberRow(trx, access.orgId, member.id);
    const actor = actorRef(access.actor);
    await recordAudit(trx, [
      ...revoked.map((inv) => ({ orgId: access.orgId, actor, action: 'invitation.revoked', target: `invitation:${inv}`, data: { memberId: member.id, reason: 'member_removed' } })),
      { orgId: access.orgId, actor, action: 'member.removed', target: `member:${member.id}`, data: { email: member.email, role: member.role, status: member.status } },
    ]);
  });
}
