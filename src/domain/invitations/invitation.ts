import type { InvitationStatus, OrgRole } from '../../storage/schema.ts';
import { DomainError, type ErrorCode } from '../errors.ts';

const endedCodes: Record<Exclude<InvitationStatus, 'pending'>, ErrorCode> = {
  expired: 'invitation_expired',
  revoked: 'invitation_revoked',
  accepted: 'invitation_accepted',
  declined: 'invitation_declined',
};

/**
 * Throws the R11 error for an invitation that can no longer be answered. `status` is the effective
 * status storage reads (expiry already derived on the database's clock).
 */
export function assertAnswerable(status: InvitationStatus): void {
  if (status !== 'pending') throw new DomainError(endedCodes[status]);
}

/** Resend and revoke apply to pending and expired invitations only (PRODUCT §1.3). */
export function isReopenable(status: InvitationStatus): boolean {
  return status === 'pending' || status === 'expired';
}

/** The invite link; the token travels in the path of the page, never in an API path. */
export function inviteUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/invite/${token}`;
}

export interface InvitationEmailPayload {
  invitationId: string;
  memberId: string;
  email: string;
  name: string | null;
  orgId: string;
  orgName: string;
  orgSlug: string;
  inviterName: string;
  role: OrgRole;
  expiresAt: string;
  acceptUrl: string;
  signInUrl: string;
}

/** What an invitation email tells about its invitation, besides the links. */
export type InvitationFacts = Omit<InvitationEmailPayload, 'expiresAt' | 'acceptUrl' | 'signInUrl'> & { expiresAt: Date };

/**
 * The payload of an invitation email (first sending or reminder): the facts, the invite link that
 * carries `token`, and the sign-in page. Only the listed fields are copied.
 */
export function invitationEmailPayload(facts: InvitationFacts, publicUrl: string, token: string): InvitationEmailPayload {
  return {
    invitationId: facts.invitationId,
    memberId: facts.memberId,
    email: facts.email,
    name: facts.name,
    orgId: facts.orgId,
    orgName: facts.orgName,
    orgSlug: facts.orgSlug,
    inviterName: facts.inviterName,
    role: facts.role,
    expiresAt: facts.expiresAt.toISOString(),
    acceptUrl: inviteUrl(publicUrl, token),
    signInUrl: `${publicUrl.replace(/\/$/, '')}/sign-in`,
  };
}
