import type { Db } from '../../storage/db.ts';
import { isSingleConnection } from '../../storage/pglite-dialect.ts';
import { coalescer, type Joinable } from '../coalesce.ts';
import { SMALL_SEND } from './daily-limit.ts';
import type { InviteResult } from './invite.ts';

/**
 * A call with this many addresses or fewer may share its transaction with concurrent ones
 * (coalesce.ts), and a shared transaction carries no more: it stays a small send (see holdDailyLimit).
 */
export const SHARED_INVITE_MAX = SMALL_SEND;

/** One person a call invites (its addresses checked and made distinct). */
export interface InvitePerson {
  email: string;
  emailNormalized: string;
  name: string | null;
  /** Which call's person, when several calls share a transaction (each call's changes are audited on their own). */
  group: number;
}

/** A small call waiting to share a transaction: its people, and where their outcomes go. */
interface SharedCall extends Joinable {
  people: readonly InvitePerson[];
  results: Map<string, InviteResult>;
}

const sharers = new WeakMap<Db, ReturnType<typeof coalescer<SharedCall>>>();

/**
 * The database's coalescer of small invites. Runs of one kind under way at once: four on
 * PostgreSQL (the pool serves the requests' other statements meanwhile), one on the embedded
 * database, which runs one transaction at a time anyway. A run carries at most SHARED_INVITE_MAX
 * addresses, so it stays a small send that need not wait for the organization's other sends
 * (holdDailyLimit). Measured at 32 connections: 303–425 → 735–950 single invites a second.
 */
function sharerOf(db: Db) {
  let sharer = sharers.get(db);
  if (!sharer) sharers.set(db, (sharer = coalescer<SharedCall>({ inFlight: isSingleConnection(db) ? 1 : 4, size: SHARED_INVITE_MAX })));
  return sharer;
}

/**
 * Runs `invite` for this call's people (distinct addresses, at most SHARED_INVITE_MAX) in a
 * transaction it may share with concurrent calls of the same `kind`, as if they had come one after
 * another: `invite` gets every call's people, each call's with its own `group` (so each call is
 * audited on its own), and each call gets its people's outcomes in `results`. Calls naming the same
 * address never share. If the shared transaction fails, each call runs alone (coalesce.ts), so this
 * rejects only with the call's own error.
 */
export async function inviteShared(
  db: Db,
  kind: string,
  people: readonly InvitePerson[],
  results: Map<string, InviteResult>,
  invite: (trx: Db, people: InvitePerson[], outcomes: Map<string, InviteResult>) => Promise<void>,
): Promise<void> {
  const call: SharedCall = { size: people.length, keys: people.map((p) => p.emailNormalized), people, results };
  await sharerOf(db)(kind, call, async (calls) => {
    const outcomes = new Map<string, InviteResult>();
    const together = calls.flatMap((c, group) => c.people.map((p) => ({ ...p, group })));
    await db.transaction().execute((trx) => invite(trx, together, outcomes));
    for (const c of calls) {
      for (const p of c.people) {
        const outcome = outcomes.get(p.emailNormalized);
        if (outcome !== undefined) c.results.set(p.emailNormalized, outcome);
      }
    }
  });
}
