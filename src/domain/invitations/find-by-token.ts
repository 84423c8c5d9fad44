import type { Db } from '../../storage/db.ts';
import { findInvitation, findInvitationByTokenHash, type InvitationRow } from '../../storage/invitations.ts';
import { findSupersededToken } from '../../storage/superseded-tokens.ts';
import { DomainError } from '../errors.ts';
import { hashSecret } from '../secrets.ts';
import { assertAnswerable } from './invitation.ts';

/** An invitation reached through its link, with the hash of the token that reached it. */
export type LinkedInvitation = InvitationRow & { linkHash: Buffer };

/**
 * The invitation a link's token names. A token a resend replaced throws how its invitation ended
 * (R11) or, while the invitation is still open, invitation_superseded (use the newest email);
 * a token never issued throws invitation_not_found.
 */
export async function getInvitationByToken(db: Db, token: string): Promise<LinkedInvitation> {
  if (token.length > 200) throw new DomainError('invitation_not_found');
  const linkHash = hashSecret(token);
  const invitation = await findInvitationByTokenHash(db, linkHash);
  if (invitation) return { ...invitation, linkHash };
  const replaced = await findSupersededToken(db, linkHash);
  const current = replaced && (await findInvitation(db, replaced.orgId, replaced.invitationId));
  if (!current) throw new DomainError('invitation_not_found');
  assertAnswerable(current.status);
  throw new DomainError('invitation_superseded');
}
