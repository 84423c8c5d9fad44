import { connectionLimit, type Db } from '../../storage/db.ts';
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
 * Thrown by a shared run that cannot treat its calls as if they had come one after another (near
 * the daily cap, an address that turns out to send nothing would have taken another call's place):
 * each call then runs alone.
 */
export class RunAlone extends Error {
  constructor() {
    super('These invites must run one by one.');
  }
}

/** Whether these people come from more than one call. */
export function fromSeveralCalls(people: readonly InvitePerson[]): boolean {
  return people.some((p) => p.group !== people[0]?.group);
}

/**
 * A shared run's failure that one call may have caused: RunAlone, and the database refusing a
 * value or a row (classes 22 and 23), a lost race (40) or a trigger's own error (P0). Anything else
 * (the database busy or unreachable, the organization gone) every call would meet alone as well.
 */
function oneCallMayHaveCaused(error: unknown): boolean {
  if (error instanceof RunAlone) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|40|P0)/.test(code);
}

/**
 * The database's coalescer of small invites. Runs of one kind under way at once: four on
 * PostgreSQL (fewer with a smaller pool; the pool serves the requests' other statements
 * meanwhile), one on the embedded database, which runs one transaction at a time anyway. A run
 * carries at most SHARED_INVITE_MAX addresses, so it stays a small send that need not wait for the
 * organization's other sends (holdDailyLimit). Measured at 32 connections: 344–438 → 713–790
 * single invites a second (bench/RESULTS.md).
 */
function sharerOf(db: Db) {
  let sharer = sharers.get(db);
  if (!sharer) {
    const inFlight = isSingleConnection(db) ? 1 : Math.min(4, connectionLimit(db));
    sharers.set(db, (sharer = coalescer<SharedCall>({ inFlight, size: SHARED_INVITE_MAX, rerunAlone: oneCallMayHaveCaused })));
  }
  return sharer;
}

/**
 * Runs `invite` for this call's people (distinct addresses, at most SHARED_INVITE_MAX) in a
 * transaction it may share with concurrent calls of the same `kind`, as if they had come one after
 * another: `invite` gets every call's people, each call's with its own `group` (so each call is
 * audited on its own), and each call gets its people's outcomes in `results`. Calls naming the same
 * address never share. If the shared transaction fails in a way one call may have caused, each
 * call runs alone (coalesce.ts), so this rejects only with the call's own error; `invite` throws
 * RunAlone for that when it cannot keep the calls apart. The audit events of shared calls are
 * interleaved by kind (every call's member.created, then every call's invitation.created), each
 * call's own in the order it would have had alone.
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
