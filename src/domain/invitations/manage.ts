import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { findInvitation, findOtherPendingInvitation, markInvitationRevoked, type InvitationRow } from '../../storage/invitations.ts';
import { closePendingInvitations, deletePendingMember, lockMember, type LockedMember } from '../../storage/members.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { holdOrganizationSettings } from '../organizations/organization.ts';
import { holdDailyLimit } from './daily-limit.ts';
import { isReopenable } from './invitation.ts';
import { resendInvitations } from './issue.ts';

/**
 * Locks an invitation for a change, its member first: every writer takes the member's row before
 * its invitations, so an accept and a revoke or resend of the same invitation queue up instead of
 * deadlocking.
 */
async function lockInvitation(trx: Db, orgId: string, id: string): Promise<{ invitation: InvitationRow; member: LockedMember | undefined }> {
  const seen = await findInvitation(trx, orgId, id);
  const member = seen?.memberId ? await lockMember(trx, orgId, seen.memberId) : undefined;
  const invitation = seen && (await findInvitation(trx, orgId, id, true));
  if (!invitation) throw new DomainError('invitation_not_found');
  return { invitation, member: member && member.id === invitation.memberId ? member : undefined };
}

/**
 * Resends a pending or expired invitation (PRODUCT §1.3): new token (the old one stops working),
 * new expiry, sentCount + 1, status pending, email queued. Fails with notifications_disabled while
 * the organization is muted, changing nothing.
 */
export async function resendInvitation(db: Db, access: OrgAccess, id: string, publicUrl: string, invitationsPerDay: number): Promise<InvitationRow> {
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const org = await holdOrganizationSettings(trx, access.orgId);
    if (org.notificationsEnabled) await holdDailyLimit(trx, org.id, invitationsPerDay, 1);
    const { invitation, member } = await lockInvitation(trx, org.id, id);
    if (!isReopenable(invitation.status) || !invitation.memberId || !member) throw new DomainError('invitation_not_resendable');
    if (!org.notificationsEnabled) throw new DomainError('notifications_disabled');
    if (invitation.status === 'expired' && (await findOtherPendingInvitation(trx, org.id, invitation.memberId, invitation.id))) {
      throw new DomainError('already_invited', 'This member has a newer pending invitation; resend that one.');
    }
    if (member.status !== 'pending') throw new DomainError('member_not_pending');
    await resendInvitations(trx, { org, actor: access.actor, publicUrl, invitationsPerDay }, [
      { invitationId: invitation.id, memberId: invitation.memberId, email: invitation.email, emailNormalized: invitation.emailNormalized, name: member.name, role: invitation.role },
    ]);
    return (await findInvitation(trx, org.id, id))!;
  });
}

/**
 * Revokes ("cancels") a pending or expired invitation: its token stops working. The member stays
 * pending (Not invited) unless `removeMember` asks to remove them too (a wrong address); then the
 * member's other pending invitations end first, as a member removal does, so none is left live
 * without its member.
 */
export async function revokeInvitation(db: Db, access: OrgAccess, id: string, removeMember: boolean): Promise<InvitationRow> {
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const { invitation, member } = await lockInvitation(trx, access.orgId, id);
    if (!isReopenable(invitation.status)) throw new DomainError('invitation_not_revocable');
    await markInvitationRevoked(trx, access.orgId, id);
    const actor = actorRef(access.actor);
    const audit = [{ orgId: access.orgId, actor, action: 'invitation.revoked', target: `invitation:${id}`, data: { memberId: invitation.memberId, removeMember } }];
    if (removeMember && member?.status === 'pending') {
      const others = await closePendingInvitations(trx, access.orgId, member.id);
      await deletePendingMember(trx, access.orgId, member.id);
      for (const other of others) audit.push({ orgId: access.orgId, actor, action: 'invitation.revoked', target: `invitation:${other}`, data: { memberId: member.id, removeMember: true } });
      audit.push({ orgId: access.orgId, actor, action: 'member.removed', target: `member:${member.id}`, data: { memberId: member.id, removeMember: true } });
    }
    await recordAudit(trx, audit);
    return (await findInvitation(trx, access.orgId, id))!;
  });
}
