import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { findInvitation, type InvitationRow } from '../../storage/invitations.ts';
import { lockMember } from '../../storage/members.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { holdOrganizationSettings } from '../organizations/organization.ts';
import { effectiveStatus, isReopenable } from './invitation.ts';
import { resendInvitations } from './issue.ts';

/**
 * Locks an invitation for a change, its member first: every writer takes the member's row before
 * its invitations, so an accept and a revoke or resend of the same invitation queue up instead of
 * deadlocking.
 */
async function lockInvitation(trx: Db, orgId: string, id: string): Promise<InvitationRow> {
  const seen = await findInvitation(trx, orgId, id);
  if (seen?.memberId) await lockMember(trx, orgId, seen.memberId);
  const invitation = seen && (await findInvitation(trx, orgId, id, true));
  if (!invitation) throw new DomainError('invitation_not_found');
  return invitation;
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
    const invitation = await lockInvitation(trx, org.id, id);
    if (!isReopenable(invitation.status) || !invitation.memberId) throw new DomainError('invitation_not_resendable');
    if (!org.notificationsEnabled) throw new DomainError('notifications_disabled');
    if (invitation.status === 'expired') {
      const other = await trx.selectFrom('invitations').select('id').where('orgId', '=', org.id).where('memberId', '=', invitation.memberId).where('status', '=', 'pending').executeTakeFirst();
      if (other) throw new DomainError('already_invited', 'This member has a newer pending invitation; resend that one.');
    }
    const member = await trx.selectFrom('members').select(['name', 'status']).where('orgId', '=', org.id).where('id', '=', invitation.memberId).executeTakeFirstOrThrow();
    if (member.status !== 'pending') throw new DomainError('member_not_pending');
    await resendInvitations(trx, { org, actor: access.actor, publicUrl, now: new Date(), invitationsPerDay }, [
      { invitationId: invitation.id, memberId: invitation.memberId, email: invitation.email, emailNormalized: invitation.emailNormalized, name: member.name, role: invitation.role },
    ]);
    return (await findInvitation(trx, org.id, id))!;
  });
}

/**
 * Revokes ("cancels") a pending or expired invitation: its token stops working. The member stays
 * pending (Not invited) unless `removeMember` asks to remove them too (a wrong address).
 */
export async function revokeInvitation(db: Db, access: OrgAccess, id: string, removeMember: boolean): Promise<InvitationRow> {
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const invitation = await lockInvitation(trx, access.orgId, id);
    if (!isReopenable(effectiveStatus(invitation.status, invitation.expiresAt))) throw new DomainError('invitation_not_revocable');
    await trx.updateTable('invitations').set({ status: 'revoked', revokedAt: new Date() }).where('orgId', '=', access.orgId).where('id', '=', id).execute();
    const actor = actorRef(access.actor);
    const audit = [{ orgId: access.orgId, actor, action: 'invitation.revoked', target: `invitation:${id}`, data: { memberId: invitation.memberId, removeMember } }];
    if (removeMember && invitation.memberId) {
      const removed = await trx.deleteFrom('members').where('orgId', '=', access.orgId).where('id', '=', invitation.memberId).where('status', '=', 'pending').returning('id').executeTakeFirst();
      if (removed) audit.push({ orgId: access.orgId, actor, action: 'member.removed', target: `member:${removed.id}`, data: { memberId: removed.id, removeMember: true } });
    }
    await recordAudit(trx, audit);
    return (await findInvitation(trx, access.orgId, id))!;
  });
}
