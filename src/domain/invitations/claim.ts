import type { Db } from '../../storage/db.ts';
import { endPendingInvitation, findInvitation, type InvitationRow } from '../../storage/invitations.ts';
import { DomainError } from '../errors.ts';
import { assertAnswerable } from './invitation.ts';

/**
 * Ends a pending invitation with the given outcome, or throws the R11 code of whatever ended it
 * first (another accept, a revoke, its expiry). Exactly one of any number of racing callers wins.
 */
export async function claimInvitation(trx: Db, invitation: InvitationRow, outcome: 'accepted' | 'declined'): Promise<InvitationRow> {
  const claimed = await endPendingInvitation(trx, invitation.orgId, invitation.id, outcome);
  if (claimed) return claimed;
  const current = await findInvitation(trx, invitation.orgId, invitation.id);
  if (!current) throw new DomainError('invitation_not_found');
  assertAnswerable(current.status, current.expiresAt);
  throw new DomainError('invitation_not_found');
}
