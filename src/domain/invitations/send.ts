import type { Db } from '../../storage/db.ts';
import { countPendingMembers, lockMembersByRef, type MemberKey } from '../../storage/members.ts';
import { inSlices } from '../../storage/pglite-dialect.ts';
import type { OrgAccess } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';
import { assertFitsDailyLimit, assertWithinDailyLimit } from './daily-limit.ts';
import { MAX_BATCH } from './invite.ts';
import { failedFor, failedName, failedNames, fullReport, type SendReport, type SendResult } from './send-report.ts';
import { sendToAllPending } from './send-pending.ts';
import { inSlice, sendTo, type Sending } from './send-slice.ts';

export type { SendReport, SendResult } from './send-report.ts';

export type SendInput = { scope: 'pending' } | { members: readonly string[] };

export interface SendOptions {
  /** How many of the members sent to the report names in `sentMemberIds` (default none). */
  listSent?: number;
  /** Name every member not sent to in `failedMembers`, however many (default: no). */
  everyFailure?: boolean;
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
    if (check && !check.ok) failed.push(failedName(ref, 'invalid_email', `"${ref.slice(0, 300)}" ${check.reason}.`));
    else if (!member) failed.push(failedName(ref, 'member_not_found', 'No such member in this organization.'));
    else if (member.status !== 'pending') failed.push({ ...failedFor(member, member.status === 'active' ? 'already_member' : 'member_deactivated'), member: ref });
    else if (!seen.has(member.id)) {
      seen.add(member.id);
      found.push(member);
    }
  }
  return { found, failed };
}

/** The named members, in slices of the caller's list (one slice on PostgreSQL). */
async function sendToNamed(db: Db, access: OrgAccess, sending: Sending, refs: readonly string[]): Promise<SendResult[]> {
  const seen = new Set<string>();
  const failed: SendResult[] = [];
  const sent: SendResult[] = [];
  await inSlices(db, refs, async (part, start) => {
    const done = await inSlice(db, access, sending, { first: start === 0, expected: part.length }, async (trx, org, left) => {
      const named = await resolveNamed(trx, org.id, part, seen);
      assertFitsDailyLimit(sending.invitationsPerDay, left, named.found.length);
      failed.push(...named.failed);
      return sendTo(trx, org, access, sending, named.found);
    });
    if (!done) {
      failed.push(...failedNames(refs.slice(start), 'notifications_disabled'));
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
 * Named members get one result each; a send to all pending answers a summary (see SendReport).
 */
export async function sendInvitations(db: Db, access: OrgAccess, input: SendInput, publicUrl: string, invitationsPerDay: number, options: SendOptions = {}): Promise<SendReport> {
  requireAdmin(access);
  if ('members' in input && input.members.length > MAX_BATCH) {
    throw new DomainError('batch_too_large', `members: at most ${MAX_BATCH} per request (got ${input.members.length}).`);
  }
  // Checked up front too: the send runs in slices, and a cap reached in a later slice would leave
  // the earlier ones sent.
  await assertWithinDailyLimit(db, access.orgId, invitationsPerDay, 'scope' in input ? await countPendingMembers(db, access.orgId, invitationsPerDay + 1) : input.members.length);
  const sending: Sending = { publicUrl, invitationsPerDay };
  const report = { listSent: options.listSent ?? 0, everyFailure: options.everyFailure ?? false };
  if ('scope' in input) return sendToAllPending(db, access, sending, report);
  return fullReport(await sendToNamed(db, access, sending, input.members), report.listSent, report.everyFailure);
}
