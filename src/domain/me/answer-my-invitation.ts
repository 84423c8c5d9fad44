import type { Db } from '../../storage/db.ts';
import { isId } from '../../storage/ids.ts';
import { findInvitationForEmail, type InvitationRow } from '../../storage/invitations.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { acceptAsAccount, type AccountRef, type Accepted } from '../invitations/accept.ts';
import { declineInvitation } from '../invitations/decline.ts';

/**
 * The invitation with this id, if it is addressed to the account's verified address (anyone may
 * sign up with any address, so an unverified one proves nothing): email_not_verified, or
 * invitation_not_found for an invitation addressed to anyone else.
 */
export async function getMyInvitation(db: Db, account: { email: string; emailVerified: boolean }, id: string): Promise<InvitationRow> {
  if (!account.emailVerified) throw new DomainError('email_not_verified');
  const email = checkEmail(account.email);
  const invitation = email.ok && isId(id) ? await findInvitationForEmail(db, id, email.email.normalized) : undefined;
  if (!invitation) throw new DomainError('invitation_not_found');
  return invitation;
}

/** R10: accepts one of the signed-in account's own invitations from the bell (no link needed). */
export async function acceptMyInvitation(db: Db, account: AccountRef, id: string): Promise<Accepted> {
  return acceptAsAccount(db, await getMyInvitation(db, account, id), account);
}

/** R10: declines one of the signed-in account's own invitations from the bell; the inviter is told. */
export async function declineMyInvitation(db: Db, account: AccountRef, id: string): Promise<void> {
  await declineInvitation(db, await getMyInvitation(db, account, id), `account:${account.accountId}`);
}
