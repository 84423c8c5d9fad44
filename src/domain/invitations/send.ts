import type { Db } from '../../storage/db.ts';
import { lockPendingForMembers } from '../../storage/invitations.ts';
import { countPendingMembers, lockMembersByRef, lockPendingMembers, type MemberKey } from '../../storage/members.ts';
import { bulkSliceSize, inSlices, inTurns } from '../../storage/pglite-dialect.ts';
import type { OrgAccess } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { holdOrganizationSettings, isId, type Organization } from '../organizations/organization.ts';
import { assertWithinDailyLimit, holdDailyLimit } from './daily-limit.ts';
import { issueInvitations, resendInvitations, type InviteTarget } from './issue.ts';
import { MAX_BATCH } from './invite.ts';

/** Where links point, and the organization's daily cap. */
interface Sending {
  publicUrl: string;
  invitationsPerDay: number;
}

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

/**
 * Resolves the named members (ids or addresses), locked; names that match nobody fail alone. A
 * member named twice (here or in an earlier slice, `seen`) is sent to once.
 */
async function resolveNamed(trx: Db, orgId: string, refs: readonly string[], seen: Set<string>): Promise<{ found: MemberKey[]; failed: SendResult[] }> {
  const ids = refs.filter(isId).map((id) => id.toLowerCase());
  const emails = refs.filter((r) => !isId(r)).flatMap((r) => {
    const check = checkEmail(r);
    return check.ok ? [check.email.normalized] : [];
  });
  const rows = await lockMembersByRef(trx, orgId, { ids, emails });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byEmail = new Map(rows.map((r) => [r.emailNormalized, r]));
  const found: MemberKey[] = [];
  const failed: SendResult[] = [];
  for (const ref of refs) {
    const check = isId(ref) ? undefined : checkEmail(ref);
    const member = check ? (check.ok ? byEmail.get(check.email.normalized) : undefined) : byId.get(ref.toLowerCase());
    if (check && !check.ok) failed.push({ member: ref, outcome: 'failed', code: 'invalid_email', message: `"${ref.slice(0, 300)}" ${check.reason}.` });
    else if (!member) failed.push({ member: ref, outcome: 'failed', code: 'member_not_found', message: 'No such member in this organization.' });
    else if (member.status !== 'pending') {
      const code: ErrorCode = member.status === 'active' ? 'already_member' : 'member_deactivated';
      failed.push({ member: ref, outcome: 'failed', memberId: member.id, email: member.email, code, message: new DomainError(code).message });
    } else if (!seen.has(member.id)) {
      seen.add(member.id);
      found.push(member);
    }
  }
  return { found, failed };
}

/** Sends to these locked pending members: resends live invitations, issues new ones to the rest. */
async function sendTo(trx: Db, org: Organization, access: OrgAccess, sending: Sending, targets: readonly MemberKey[]): Promise<SendResult[]> {
  const ctx = { org, actor: access.actor, ...sending };
  const { live } = await lockPendingForMembers(trx, org.id, targets.map((m) => m.id));
  const liveByMember = new Map(live.map((l) => [l.memberId, l.id]));
  const toTarget = (m: MemberKey): InviteTarget => ({ memberId: m.id, email: m.email, emailNormalized: m.emailNormalized, name: m.name, role: m.role });
  const resent = await resendInvitations(trx, ctx, targets.filter((m) => liveByMember.has(m.id)).map((m) => ({ ...toTarget(m), invitationId: liveByMember.get(m.id)! })));
  const issued = await issueInvitations(trx, ctx, targets.filter((m) => !liveByMember.has(m.id)).map(toTarget));
  const outcome = new Map<string, { outcome: 'invited' | 'resent'; invitationId: string }>([
    ...resent.map((r) => [r.memberId, { outcome: 'resent' as const, invitationId: r.invitationId }] as const),
    ...issued.map((r) => [r.memberId, { outcome: 'invited' as const, invitationId: r.invitationId }] as const),
  ]);
  return targets.map((m) => {
    const o = outcome.get(m.id);
    return o
      ? { member: m.email, memberId: m.id, email: m.email, ...o }
      : { member: m.email, memberId: m.id, email: m.email, outcome: 'failed', code: 'already_invited', message: new DomainError('already_invited').message };
  });
}

interface SliceOptions {
  /** The first slice of the call: muted there, the call fails instead of stopping. */
  first: boolean;
  /** At most how many invitations the slice sends (for the daily cap). */
  expected: number;
}

/**
 * Runs one slice in its own transaction, holding the settings and then the daily cap (before any
 * member is locked). Muted at the first slice, the call fails and changes nothing (R5); muted at a
 * later one (a mute committed meanwhile), it sends no more and answers undefined.
 */
async function inSlice(
  db: Db,
  access: OrgAccess,
  sending: Sending,
  slice: SliceOptions,
  work: (trx: Db, org: Organization) => Promise<SendResult[]>,
): Promise<SendResult[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const org = await holdOrganizationSettings(trx, access.orgId);
    if (org.notificationsEnabled) {
      await holdDailyLimit(trx, org.id, sending.invitationsPerDay, slice.expected);
      return work(trx, org);
    }
    if (slice.first) throw new DomainError('notifications_disabled');
    return undefined;
  });
}

/**
 * On PostgreSQL, how many members one transaction of a send to all pending takes: the organization
 * may have any number, and each transaction holds its settings (a mute waits for it) for about
 * half a second at this size.
 */
const POSTGRES_SEND_SLICE = 5_000;

/**
 * Every pending member, taken in id order in slices. Each slice locks its members, like every
 * writer of a member and its invitations: an accept or removal racing this send waits, and one
 * that committed first has taken the member out of the pending set.
 */
async function sendToAllPending(db: Db, access: OrgAccess, sending: Sending): Promise<SendResult[]> {
  const limit = bulkSliceSize(db, POSTGRES_SEND_SLICE);
  const results: SendResult[] = [];
  let afterId: string | undefined;
  await inTurns(db, async (turn) => {
    const part = await inSlice(db, access, sending, { first: turn === 0, expected: limit }, async (trx, org) => sendTo(trx, org, access, sending, await lockPendingMembers(trx, org.id, { afterId, limit })));
    if (!part) return false;
    results.push(...part);
    afterId = part.at(-1)?.memberId;
    return part.length >= limit;
  });
  return results;
}

/** The named members, in slices of the caller's list (one slice on PostgreSQL). */
async function sendToNamed(db: Db, access: OrgAccess, sending: Sending, refs: readonly string[]): Promise<SendResult[]> {
  const seen = new Set<string>();
  const failed: SendResult[] = [];
  const sent: SendResult[] = [];
  await inSlices(db, refs, async (part, start) => {
    const done = await inSlice(db, access, sending, { first: start === 0, expected: part.length }, async (trx, org) => {
      const named = await resolveNamed(trx, org.id, part, seen);
      failed.push(...named.failed);
      return sendTo(trx, org, access, sending, named.found);
    });
    if (!done) {
      const message = new DomainError('notifications_disabled').message;
      failed.push(...refs.slice(start).map((member): SendResult => ({ member, outcome: 'failed', code: 'notifications_disabled', message })));
      return false;
    }
    sent.push(...done);
    return true;
  });
  return [...failed, ...sent];
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
  // Checked up front too: on the embedded database the send runs in slices, and a cap reached in a
  // later slice would leave the earlier ones sent.
  await assertWithinDailyLimit(db, access.orgId, invitationsPerDay, 'scope' in input ? await countPendingMembers(db, access.orgId, invitationsPerDay + 1) : input.members.length);
  const sending: Sending = { publicUrl, invitationsPerDay };
  const results = 'scope' in input ? await sendToAllPending(db, access, sending) : await sendToNamed(db, access, sending, input.members);
  const counts = { invited: 0, resent: 0, failed: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts };
}
