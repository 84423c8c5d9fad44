import type { Db } from '../../storage/db.ts';
import { findInvitationByTokenHash, type InvitationRow } from '../../storage/invitations.ts';
import { DomainError } from '../errors.ts';
import { hashSecret } from '../secrets.ts';

/** An invitation reached through its link, with the hash of the token that reached it. */
export type LinkedInvitation = InvitationRow & { linkHash: Buffer };

/** The invitation a link's token names, or invitation_not_found (R11). */
export async function getInvitationByToken(db: Db, token: string): Promise<LinkedInvitation> {
  const linkHash = hashSecret(token);
  const invitation = token.length <= 200 ? await findInvitationByTokenHash(db, linkHash) : undefined;
  if (!invitation) throw new DomainError('invitation_not_found');
  return { ...invitation, linkHash };
}
