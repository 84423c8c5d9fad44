import type { Db } from '../../storage/db.ts';
import { countInvitationEmailsLastDay, serializeInvitationSends } from '../../storage/invitation-counts.ts';
import { DomainError } from '../errors.ts';

/**
 * How many more invitations (new or resent) the organization may send now: its cap per 24 hours
 * (INVITATIONS_PER_DAY_PER_ORG) less what it sent in the last 24 hours, as seen by this transaction
 * (exact once the transaction holds the cap: see holdDailyLimit).
 */
async function invitationsLeftToday(trx: Db, orgId: string, perDay: number): Promise<number> {
  return Math.max(0, perDay - (await countInvitationEmailsLastDay(trx, orgId)));
}

/**
 * Fails with daily_invitation_limit when sending `count` more invitations would pass the cap; the
 * caller's transaction then rolls back, so nothing is half-written. `perDay` null: not capped
 * (work the system does by itself).
 */
export async function assertWithinDailyLimit(trx: Db, orgId: string, perDay: number | null, count: number): Promise<void> {
  if (perDay === null || count === 0) return;
  assertFitsDailyLimit(perDay, await invitationsLeftToday(trx, orgId, perDay), count);
}

/**
 * assertWithinDailyLimit against a count already taken: `left` as holdDailyLimit answered it, which
 * stays exact for the rest of the transaction (other senders wait for it), so a transaction that
 * holds the cap need not count again before it writes.
 */
export function assertFitsDailyLimit(perDay: number | null, left: number, count: number): void {
  if (perDay === null || count <= left) return;
  throw new DomainError('daily_invitation_limit', overTheLimit(perDay, left, count), { limit: perDay, left });
}

/** What a send past the cap is told. */
function overTheLimit(perDay: number, left: number, count: number): string {
  return `This organization may send ${perDay} invitations in 24 hours; ${left} are left now and this would send ${count}.`;
}

/**
 * For a batch past the cap: the first `left` people, in the caller's order, go ahead (`within`),
 * the rest (`over`) get no invitation. `left` as holdDailyLimit answered it.
 */
export function splitAtDailyLimit<P>(people: readonly P[], left: number): { within: P[]; over: P[] } {
  return { within: people.slice(0, left), over: people.slice(left) };
}

/**
 * For a batch (R1: one outcome per address) that may pass the cap: every address that would be sent
 * nothing (`sendsNothing`: members who joined or were deactivated, pending ones already invited)
 * goes ahead, as do the first `left` of the others, in the caller's order; each of the rest is
 * marked failed with daily_invitation_limit, before anything is written for it. `left` as
 * holdDailyLimit answered it. Only those who will be sent an invitation take a place.
 */
export function keepWithinDailyLimit<P extends { emailNormalized: string }>(
  perDay: number,
  left: number,
  people: readonly P[],
  sendsNothing: ReadonlySet<string>,
  fail: (person: P, message: string) => void,
): P[] {
  const { over } = splitAtDailyLimit(people.filter((p) => !sendsNothing.has(p.emailNormalized)), left);
  if (over.length === 0) return [...people];
  const message = `This organization may send ${perDay} invitations in 24 hours and has no more left now; try again later.`;
  for (const person of over) fail(person, message);
  const failed = new Set(over);
  return people.filter((p) => !failed.has(p));
}

/**
 * A batch kept within the cap by a look taken before its members were locked (keepWithinDailyLimit)
 * found, once they were, more people to send to than places left: a member changed in between
 * (an invitation revoked, say). Thrown before anything is sent; withSettledLook runs the
 * transaction again with a new look. Where it is not caught it is the daily_invitation_limit error.
 */
export class LookChanged extends DomainError {
  constructor(perDay: number, left: number, count: number) {
    super('daily_invitation_limit', overTheLimit(perDay, left, count), { limit: perDay, left });
  }
}

/** Throws LookChanged when `count` sends would pass the `left` places the batch was kept within. */
export function assertLookHeld(perDay: number, left: number, count: number): void {
  if (count > left) throw new LookChanged(perDay, left, count);
}

/** How many times a batch is tried with a new look before it gives up with daily_invitation_limit. */
const LOOKS = 3;

/**
 * Runs `work` in a transaction, and again with a new look when it threw LookChanged (a member
 * changed between the look and the lock: rare, and never twice in a row but by chance), so each
 * address still gets its own outcome (R1). After LOOKS tries the call fails with the error.
 */
export async function withSettledLook<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!(error instanceof LookChanged) || attempt >= LOOKS) throw error;
    }
  }
}

/** Sends this small, this far from the cap, cannot pass it together: they need not wait for one another. */
export const SMALL_SEND = 10;
const FAR_FROM_CAP = 1_000;

/**
 * Called by every transaction that may send invitations, right after it holds the organization's
 * settings and before it locks any member (one lock order): concurrent transactions do not see
 * each other's uncommitted sends, so a send that could pass the cap first waits for the
 * organization's other sends to commit, and then counts them. Small sends far below the cap go on
 * without waiting (together they could pass it by a handful at most). Returns how many invitations
 * are left today as then counted (Infinity when not capped or nothing is expected). `sentLastDay`:
 * the organization's count, when the caller read it together with its hold of the settings
 * (holdOrganizationForSending), so a small send need not count again.
 */
export async function holdDailyLimit(trx: Db, orgId: string, perDay: number | null, expected: number, sentLastDay?: number): Promise<number> {
  if (perDay === null || expected === 0) return Infinity;
  if (expected <= SMALL_SEND) {
    const left = sentLastDay === undefined ? await invitationsLeftToday(trx, orgId, perDay) : Math.max(0, perDay - sentLastDay);
    if (left - expected >= FAR_FROM_CAP) return left;
  }
  await serializeInvitationSends(trx, orgId);
  return invitationsLeftToday(trx, orgId, perDay);
}
