import type { Db } from '../../storage/db.ts';
import { findAccountByEmail, insertPasswordAccount, markAccountVerified } from '../../storage/accounts.ts';
import type { InvitationRow } from '../../storage/invitations.ts';
import { claimAndJoin, holdOrganizationAndMember } from '../../storage/joining.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { holdOrganizationSettings } from '../organizations/organization.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../password.ts';
import { queueAnswerNotices } from './answer-notices.ts';
import { explainUnclaimed } from './claim.ts';
import { getInvitationByToken, type LinkedInvitation } from './find-by-token.ts';
import { assertAnswerable } from './invitation.ts';

export interface Accepted {
  orgId: string;
  orgSlug: string;
  memberId: string;
  accountId: string;
  email: string;
}

export interface AccountRef {
  accountId: string;
  email: string;
  emailVerified: boolean;
  name?: string | undefined;
}

/** R9: the signed-in account must own the invited address. */
export function assertSameAddress(invitation: InvitationRow, accountEmail: string): void {
  const mine = checkEmail(accountEmail);
  if (!mine.ok || mine.email.normalized !== invitation.emailNormalized) throw new DomainError('invitation_email_mismatch');
}

/**
 * In one transaction: end the invitation, activate the member with the account, audit, notify.
 * Locks are taken in the order every writer uses (organization settings, member, invitation), so an
 * accept and a send, removal or mute wait for each other instead of interleaving or deadlocking:
 * the first two in one statement, then the invitation is ended, the member activated and both
 * audited (invitation.accepted, member.joined) in one.
 */
async function join(trx: Db, invitation: InvitationRow, account: AccountRef, linkHash?: Buffer): Promise<Accepted> {
  const held = invitation.memberId ? await holdOrganizationAndMember(trx, invitation.orgId, invitation.memberId) : undefined;
  const org = held ?? (await holdOrganizationSettings(trx, invitation.orgId));
  const claimed = await claimAndJoin(trx, invitation, { accountId: account.accountId, name: account.name ?? null }, `account:${account.accountId}`, linkHash);
  if (!claimed) return explainUnclaimed(trx, invitation, linkHash);
  if (!claimed.joinedMemberId) throw new DomainError('member_not_pending', 'This membership is no longer waiting to be joined.');
  await queueAnswerNotices(trx, org, claimed, 'accepted');
  return { orgId: org.id, orgSlug: org.slug, memberId: claimed.joinedMemberId, accountId: account.accountId, email: account.email };
}

/**
 * R9: a signed-in account accepts through the link. The account must own the invited address; the
 * token proves it does, so an account not yet verified becomes verified.
 */
export async function acceptLinkAsAccount(db: Db, invitation: LinkedInvitation, account: AccountRef): Promise<Accepted> {
  assertSameAddress(invitation, account.email);
  assertAnswerable(invitation.status);
  return db.transaction().execute(async (trx) => {
    const accepted = await join(trx, invitation, account, invitation.linkHash);
    if (!account.emailVerified) await markAccountVerified(trx, account.accountId);
    return accepted;
  });
}

/**
 * R10: a signed-in account accepts from its list of pending invitations (no link). Only a verified
 * address counts as proof: anyone can sign up with any address, unverified.
 */
export async function acceptAsAccount(db: Db, invitation: InvitationRow, account: AccountRef): Promise<Accepted> {
  if (!account.emailVerified) throw new DomainError('email_not_verified');
  assertSameAddress(invitation, account.email);
  assertAnswerable(invitation.status);
  return db.transaction().execute((trx) => join(trx, invitation, account));
}

/**
 * R8: a new person accepts with a name and a password. The token proves the address, so the account
 * starts verified. An address that already has an account must sign in instead (account_exists).
 */
export async function acceptAsNewPerson(db: Db, token: string, input: { name: string; password: string }): Promise<Accepted> {
  const invitation = await getInvitationByToken(db, token);
  assertAnswerable(invitation.status);
  const name = input.name.trim();
  if (!name || name.length > 200) throw new DomainError('validation_failed', 'name: give 1 to 200 characters.');
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) {
    throw new DomainError('validation_failed', `password: use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
  if (await findAccountByEmail(db, invitation.emailNormalized)) throw new DomainError('account_exists');
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const account = await insertPasswordAccount(trx, { email: invitation.emailNormalized, name, passwordHash, emailVerified: true });
      return join(trx, invitation, { accountId: account.id, email: account.email, emailVerified: true, name }, invitation.linkHash);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505' && (error as { constraint?: unknown }).constraint === 'auth_user_email_key') {
      throw new DomainError('account_exists');
    }
    throw error;
  }
}
