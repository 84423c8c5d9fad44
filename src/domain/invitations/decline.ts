import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import type { InvitationRow } from '../../storage/invitations.ts';
import { actorRef, type Actor } from '../actor.ts';
import { holdOrganizationSettings } from '../organizations/organization.ts';
import { queueAnswerNotices } from './answer-notices.ts';
import { claimInvitation } from './claim.ts';
import { getInvitationByToken } from './find-by-token.ts';
import { assertAnswerable } from './invitation.ts';

/**
 * Declines an invitation (R10): it ends, the member stays pending with the Declined badge, and the
 * inviter is told. `actor` is the signed-in account, or the link holder; `linkHash` is the hash of
 * the link's token when declining through it (a resend in between makes it fail).
 */
export async function declineInvitation(db: Db, invitation: InvitationRow, actor: string, linkHash?: Buffer): Promise<{ orgId: string }> {
  assertAnswerable(invitation.status);
  return db.transaction().execute(async (trx) => {
    const org = await holdOrganizationSettings(trx, invitation.orgId);
    const claimed = await claimInvitation(trx, invitation, 'declined', linkHash);
    await queueAnswerNotices(trx, org, claimed, 'declined');
    await recordAudit(trx, [{ orgId: org.id, actor, action: 'invitation.declined', target: `invitation:${claimed.id}`, data: { memberId: claimed.memberId } }]);
    return { orgId: org.id };
  });
}

/**
 * Declines through an invite link: whoever holds the link may decline (recorded as the signed-in
 * actor, or as the invitee), while the link is still the invitation's newest.
 */
export async function declineThroughLink(db: Db, token: string, actor: Actor | undefined): Promise<{ orgId: string }> {
  const invitation = await getInvitationByToken(db, token);
  return declineInvitation(db, invitation, actor ? actorRef(actor) : `invitee:${invitation.email}`, invitation.linkHash);
}
