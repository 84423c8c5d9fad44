import type { Db } from '../../storage/db.ts';
import { findPendingMembersAfter, lockPendingMembers } from '../../storage/members.ts';
import { bulkSliceSize, inTurns } from '../../storage/pglite-dialect.ts';
import type { OrgAccess } from '../actor.ts';
import type { ErrorCode } from '../errors.ts';
import { assertFitsDailyLimit, splitAtDailyLimit } from './daily-limit.ts';
import { summaryBuilder, type SendReport, type SendResult } from './send-report.ts';
import { inSlice, sendTo, type Sending } from './send-slice.ts';

/**
 * On PostgreSQL, how many members one transaction of a send to all pending takes: the organization
 * may have any number, and each transaction holds its settings (a mute waits for it) for a few
 * hundred milliseconds at this size.
 */
const POSTGRES_SEND_SLICE = 5_000;

interface SliceDone {
  results: SendResult[];
  /** The slice took as many members as it could: there may be more. */
  full: boolean;
  /** The daily cap left some of the slice's members unsent. */
  capped: boolean;
}

/**
 * Every pending member, taken in id order in slices. Each slice locks its members, like every
 * writer of a member and its invitations: an accept or removal racing this send waits, and one
 * that committed first has taken the member out of the pending set. The report keeps counts and
 * the first failures only, never a result per member (with `everyFailure`, also every failed
 * member's address: see SendReport.failedMembers).
 *
 * A send stops early when a mute is committed meanwhile (R5), or when the daily cap runs out
 * (another send took the rest of the day's allowance: the members that still fit are sent to);
 * the members it did not reach are counted as failed with that code, and the first listed. Past
 * the cap or muted at the first slice, the call fails and changes nothing.
 */
export async function sendToAllPending(db: Db, access: OrgAccess, sending: Sending, report: { listSent: number; everyFailure: boolean }): Promise<SendReport> {
  const limit = bulkSliceSize(db, POSTGRES_SEND_SLICE);
  const summary = summaryBuilder(report.listSent, report.everyFailure);
  let afterId: string | undefined;
  let stop: ErrorCode | undefined;
  await inTurns(db, async (turn) => {
    const done = await inSlice(db, access, sending, { first: turn === 0, expected: limit }, async (trx, org, left): Promise<SliceDone> => {
      const members = await lockPendingMembers(trx, org.id, { afterId, limit });
      // The first slice sends to all its members or fails; a later one sends to those that fit.
      if (turn === 0) assertFitsDailyLimit(sending.invitationsPerDay, left, members.length);
      const { within, over } = splitAtDailyLimit(members, left);
      return { results: await sendTo(trx, org, access, sending, within), full: members.length >= limit, capped: over.length > 0 };
    });
    if (!done) {
      stop = 'notifications_disabled';
      return false;
    }
    summary.add(done.results);
    afterId = done.results.at(-1)?.memberId ?? afterId;
    if (done.capped) stop = 'daily_invitation_limit';
    return !stop && done.full;
  });
  if (stop) {
    const rest = await findPendingMembersAfter(db, access.orgId, afterId, summary.unreachedWanted);
    summary.addUnreached(rest.count, rest.first, stop);
  }
  return summary.report();
}
