import type { InvitationStatus, OrgRole } from '../../storage/schema.ts';
import { DomainError, type ErrorCode } from '../errors.ts';

export const DAY_MS = 86_400_000;

/** An invitation as every reader sees it: a pending one past its expiry reads as expired. */
export function effectiveStatus(status: InvitationStatus, expiresAt: Date, now: Date = new Date()): InvitationStatus {
  return status === 'pending' && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
}

/** When an invitation sent now stops working. */
export function expiryFrom(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * DAY_MS);
}

const endedCodes: Record<Exclude<InvitationStatus, 'pending'>, ErrorCode> = {
  expired: 'invitation_expired',
  revoked: 'invitation_revoked',
  accepted: 'invitation_accepted',
  declined: 'invitation_declined',
};

/** Throws the R11 error for an invitation that can no longer be answered. */
export function assertAnswerable(status: InvitationStatus, expiresAt: Date): void {
  const effective = effectiveStatus(status, expiresAt);
  if (effective !== 'pending') throw new DomainError(endedCodes[effective]);
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
