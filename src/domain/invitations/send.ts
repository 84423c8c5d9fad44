import type { Db } from '../../storage/db.ts';
import { lockPendingForMembers } from '../../storage/invitations.ts';
import type { MemberKey } from '../../storage/members.ts';
import type { OrgAccess } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { holdOrganizationSettings, isId } from '../organizations/organization.ts';
import { issueInvitations, resendInvitations, type InviteTarget } from './issue.ts';
import { MAX_BATCH } from './invite.ts';

export type SendInput = { scope: 'pending' } | { members: readonly string[] };

export interface SendResult {
  member: string;
  outcome: 'invited' | 'resent' | 'failed';
  memberId?: string;
  email?: string;
  invitationId?: string;
  code?: ErrorCode;
  message?: string;
}

export interface SendReport {
  results: SendResult[];
  counts: { invited: number; resent: number; failed: number };
}

const memberColumns = ['id', 'email', 'emailNormalized', 'name', 'role', 'status'] as const;

/** Resolves the named members (ids or addresses); names that match nobody fail alone. */
async function resolveNamed(trx: Db, orgId: string, refs: readonly string[]): Promise<{ found: Map<string, MemberKey>; failed: SendResult[] }> {
  const ids = refs.filter(isId).map((id) => id.toLowerCase());
  const emails = refs.filter((r) => !isId(r)).map((r) => ({ ref: r, check: checkEmail(r) }));
  const normalized = emails.flatMap((e) => (e.check.ok ? [e.check.email.normalized] : []));
  const rows = ids.length + normalized.length === 0 ? [] : await trx
    .selectFrom('members')
    .select(memberColumns)
    .where('orgId', '=', orgId)
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(normalized.length ? [eb('emailNormalized', 'in', normalized)] : [])]))
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byEmail = new Map(rows.map((r) => [r.emailNormalized, r]));
  const found = new Map<string, MemberKey>();
  const failed: SendResult[] = [];
  for (const ref of refs) {
    const check = isId(ref) ? undefined : checkEmail(ref);
    const member = check ? (check.ok ? byEmail.get(check.email.normalized) : undefined) : byId.get(ref.toLowerCase());
    if (check && !check.ok) failed.push({ member: ref, outcome: 'failed', code: 'invalid_email', message: `"${ref.slice(0, 300)}" ${check.reason}.` });
    else if (!member) failed.push({ member: ref, outcome: 'failed', code: 'member_not_found', message: 'No such member in this organization.' });
    else if (member.status !== 'pending') {
      const code: ErrorCode = member.status === 'active' ? 'already_member' : 'member_deactivated';
      failed.push({ member: ref, outcome: 'failed', memberId: member.id, email: member.email, code, message: new DomainError(code).message });
    } else if (!found.has(member.id)) found.set(member.id, member);
  }
  return { found, failed };
}

/**
 * R4: sends invitations to pending members — all of them (`scope: pending`) or those named. A member
 * with a live pending invitation gets it resent (new token and expiry); one without gets a new one.
 * With notifications off it fails with notifications_disabled and changes nothing (R5); past the
 * organization's daily cap it fails with daily_invitation_limit and changes nothing.
 */
export async function sendInvitations(db: Db, access: OrgAccess, input: SendInput, publicUrl: string, invitationsPerDay: number): Promise<SendReport> {
  requireAdmin(access);
  if ('members' in input && input.members.length > MAX_BATCH) {
    throw new DomainError('batch_too_large', `members: at most ${MAX_BATCH} per request (got ${input.members.length}).`);
  }
  return db.transaction().execute(async (trx) => {
    const org = await holdOrganizationSettings(trx, access.orgId);
    if (!org.notificationsEnabled) throw new DomainError('notifications_disabled');
    let targets: MemberKey[];
    let failed: SendResult[] = [];
    if ('scope' in input) {
      // Locked, like every writer of a member and its invitations: an accept or removal racing this
      // send waits, and one that committed first has taken the member out of the pending set.
      targets = await trx.selectFrom('members').select(memberColumns).where('orgId', '=', org.id).where('status', '=', 'pending').orderBy('id').forUpdate().execute();
    } else {
      const named = await resolveNamed(trx, org.id, input.members);
      targets = [...named.found.values()];
      failed = named.failed;
    }
    const now = new Date();
    const ctx = { org, actor: access.actor, publicUrl, now, invitationsPerDay };
    const { live } = await lockPendingForMembers(trx, org.id, targets.map((m) => m.id), now);
    const liveByMember = new Map(live.map((l) => [l.memberId, l.id]));
    const toTarget = (m: MemberKey): InviteTarget => ({ memberId: m.id, email: m.email, emailNormalized: m.emailNormalized, name: m.name, role: m.role });
    const resent = await resendInvitations(trx, ctx, targets.filter((m) => liveByMember.has(m.id)).map((m) => ({ ...toTarget(m), invitationId: liveByMember.get(m.id)! })));
    const issued = await issueInvitations(trx, ctx, targets.filter((m) => !liveByMember.has(m.id)).map(toTarget));
    const outcome = new Map<string, { outcome: 'invited' | 'resent'; invitationId: string }>([
      ...resent.map((r) => [r.memberId, { outcome: 'resent' as const, invitationId: r.invitationId }] as const),
      ...issued.map((r) => [r.memberId, { outcome: 'invited' as const, invitationId: r.invitationId }] as const),
    ]);
    const results: SendResult[] = [...failed];
    for (const m of targets) {
      const o = outcome.get(m.id);
      results.push(o ? { member: m.email, memberId: m.id, email: m.email, ...o } : { member: m.email, memberId: m.id, email: m.email, outcome: 'failed', code: 'already_invited', message: new DomainError('already_invited').message });
    }
    const counts = { invited: issued.length, resent: resent.length, failed: results.length - issued.length - resent.length };
    return { results, counts };
  });
}
