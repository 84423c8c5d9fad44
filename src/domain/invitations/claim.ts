import type { Db } from '../../storage/db.ts';
import { endPendingInvitation, findInvitation, type InvitationRow } from '../../storage/invitations.ts';
import { DomainError } from '../errors.ts';
import { assertAnswerable } from './invitation.ts';

/**
 * Ends a pending invitation with the given outcome, or throws the R11 code of whatever ended it
 * first (another accept, a revoke, its expiry). Exactly one of any number of racing callers wins.
 * A caller holding a link passes its token's hash: if the invitation was resent since, the old
 * link is superseded (invitation_superseded), exactly as if it had been looked up after the resend.
 */
export async function claimInvitation(trx: Db, invitation: InvitationRow, outcome: 'accepted' | 'declined', tokenHash?: Buffer): Promise<InvitationRow> {
  const claimed = await endPendingInvitation(trx, invitation.orgId, invitation.id, outcome, tokenHash);
  if (claimed) return claimed;
  return explainUnclaimed(trx, invitation, tokenHash);
}

/**
 * Throws why a claim on this invitation found nothing to end: the R11 code of whatever ended it
 * first (another answer, a revoke, its expiry), invitation_superseded when the link's token was
 * replaced by a resend, invitation_not_found when it is gone.
 */
export async function explainUnclaimed(trx: Db, invitation: { orgId: string; id: string }, tokenHash?: Buffer): Promise<never> {
  const current = await findInvitation(trx, invitation.orgId, invitation.id);
  if (!current) throw new DomainError('invitation_not_found');
  assertAnswerable(current.status);
  throw new DomainError(tokenHash ? 'invitation_superseded' : 'invitation_not_found');
}
