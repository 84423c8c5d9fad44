import type { Db } from '../../storage/db.ts';
import type { MemberSource, OrgRole } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { assertDistinctApps, type AppGrant } from '../apps/check-apps.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import { inviteMembers } from '../invitations/invite.ts';
import { requireAdmin } from '../organizations/access.ts';
import { loadMember, type MemberView } from './member.ts';

export interface AddMemberInput {
  email: string;
  name?: string | undefined;
  role: OrgRole;
  apps?: readonly AppGrant[] | undefined;
  teams?: readonly string[] | undefined;
  sendInvite: boolean;
  source: MemberSource;
}

export interface AddedMember {
  member: MemberView;
  /** Set when something asked for did not happen, e.g. notifications_disabled when sendInvite was asked. */
  notice?: { code: ErrorCode; message: string };
}

/**
 * Adds one person (admins only) through the invite use case, so the rules of R1–R6 apply
 * unchanged: pending, not invited unless `sendInvite`. A failed outcome becomes its DomainError
 * (already_member, member_exists, invalid_email, ...). Teams are joined in the same transaction.
 */
export async function addMember(db: Db, access: OrgAccess, input: AddMemberInput, publicUrl: string, invitationsPerDay: number): Promise<AddedMember> {
  requireAdmin(access);
  assertDistinctApps(input.apps);
  const report = await inviteMembers(
    db,
    access,
    { emails: [input.email], role: input.role, name: input.name, apps: input.apps, teams: input.teams, sendInvite: input.sendInvite, source: input.source },
    publicUrl,
    invitationsPerDay,
  );
  const [result] = report.results;
  if (!result) throw new DomainError('validation_failed', 'email: give one address.');
  if (result.outcome === 'failed' || result.outcome === 'already_invited' || !result.memberId) {
    const code = result.code ?? 'validation_failed';
    throw new DomainError(code, result.message, result.memberId ? { memberId: result.memberId } : undefined);
  }
  const member = await loadMember(db, access.orgId, result.memberId);
  return { member, ...(result.code && result.message ? { notice: { code: result.code, message: result.message } } : {}) };
}
