import type { Db } from '../../storage/db.ts';
import { findPendingMembersAfter, lockPendingMembers } from '../../storage/members.ts';
import { bulkSliceSize, inTurns, isSingleConnection } from '../../storage/pglite-dialect.ts';
import { analyzeTables, findOutgrownTables } from '../../storage/planner-statistics.ts';
import type { OrgAccess } from '../actor.ts';
import type { ErrorCode } from '../errors.ts';
import { assertWithinDailyLimit } from './daily-limit.ts';
import { summaryBuilder, type SendReport, type SendResult } from './send-report.ts';
import { inSlice, sendTo, type Sending } from './send-slice.ts';

/**
 * On PostgreSQL, how many members one transaction of a send to all pending takes: the organization
 * may have any number, and each transaction holds its settings (a mute waits for it) for a few
 * hundred milliseconds at this size.
 */
const POSTGRES_SEND_SLICE = 5_000;

/**
 * Runs the slices (`step` answers whether there are more), as inTurns does. On PostgreSQL the
 * tables the send outgrew are found between two slices, as inTurns finds them, but analyzed on
 * another connection while the next slice runs: analyzing the new invitations and their emails
 * took a tenth of a send's time, with nothing else running. A slice then plans with statistics at
 * most one slice older than inTurns would give it (see planner-statistics.ts for why they must
 * keep up at all). The last analysis ends before the send answers, and one that fails fails the
 * send, as between slices.
 */
async function eachSlice(db: Db, step: (turn: number) => Promise<boolean>): Promise<void> {
  if (isSingleConnection(db)) return inTurns(db, step);
  let analysis: Promise<unknown> = Promise.resolve();
  try {
    for (let turn = 0; await step(turn); turn++) {
      await analysis;
      analysis = analyzeTables(db, await findOutgrownTables(db));
      // Awaited before the next one or at the end; this only keeps a slice's failure from leaving it unhandled.
      analysis.catch(() => {});
    }
  } catch (error) {
    await analysis.catch(() => {});
    throw error;
  }
  await analysis;
}

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
 * the first failures only, never a result per member.
 *
 * A send stops early when a mute is committed meanwhile (R5), or when the daily cap runs out
 * (another send took the rest of the day's allowance: the members that still fit are sent to);
 * the members it did not reach are counted as failed with that code, and the first listed. Past
 * the cap or muted at the first slice, the call fails and changes nothing.
 */
export async function sendToAllPending(db: Db, access: OrgAccess, sending: Sending, listSent: number): Promise<SendReport> {
  const limit = bulkSliceSize(db, POSTGRES_SEND_SLICE);
  const summary = summaryBuilder(listSent);
  let afterId: string | undefined;
  let stop: ErrorCode | undefined;
  await eachSlice(db, async (turn) => {
    const done = await inSlice(db, access, sending, { first: turn === 0, expected: limit }, async (trx, org, left): Promise<SliceDone> => {
      const members = await lockPendingMembers(trx, org.id, { afterId, limit });
      if (turn === 0) await assertWithinDailyLimit(trx, org.id, sending.invitationsPerDay, members.length);
      const within = members.slice(0, left);
      return { results: await sendTo(trx, org, access, sending, within), full: members.length >= limit, capped: within.length < members.length };
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
    const rest = await findPendingMembersAfter(db, access.orgId, afterId, summary.failuresWanted);
    summary.addUnreached(rest.count, rest.first, stop);
  }
  return summary.report();
}
