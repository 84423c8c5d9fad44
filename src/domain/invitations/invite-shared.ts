import type { Db } from '../../storage/db.ts';
import { serverWideFailure } from '../../storage/connection-errors.ts';
import { isSingleConnection } from '../../storage/pglite-dialect.ts';
import type { Joinable } from '../coalesce.ts';
import { coalescerPerDatabase } from '../database-coalescer.ts';
import { SMALL_SEND, withSettledLook } from './daily-limit.ts';
import { actorRef, personInviting, type OrgAccess } from '../actor.ts';
import type { InviteInput, InviteResult } from './invite.ts';

/**
 * A call with this many addresses or fewer may share its transaction with concurrent ones
 * (coalesce.ts), and on PostgreSQL a shared transaction carries no more: it stays a small send
 * (see holdDailyLimit).
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

const SHARED_FAILURE = Symbol('shared failure');

/**
 * Marks an error met where every call of a run is alike (the organization's settings held, its
 * apps and teams, the daily cap: before any person is written), so that the run's calls all fail
 * with it instead of each waiting for it again alone. Returns the same error.
 */
export function asSharedFailure(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) Object.defineProperty(error, SHARED_FAILURE, { value: true });
  return error;
}

/**
 * Whether a shared run's failure may be one call's doing, so each call should run alone: anything
 * but a failure marked shared (asSharedFailure) or one the server reports for itself
 * (serverWideFailure). A socket that simply drops reruns each call alone, like a token
 * lookup (authenticate-token.ts). A lock or statement timeout once people are being written may
 * be one address's row held by other work: the other calls must not fail with it (R1).
 */
function oneCallMayHaveCaused(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && SHARED_FAILURE in error) return false;
  return !serverWideFailure(error);
}

/**
 * Calls that may share a transaction: the same organization, actor (as recorded, and as the email
 * names it) and role it acts with, and the same options. What invitePeople reads besides each
 * person: keep this list in step with it (test/invite-shared.test.ts checks teams, role, sending,
 * source and actor).
 */
export function sharedKind(access: OrgAccess, options: InviteInput & { publicUrl: string; invitationsPerDay: number }): string {
  const { role, apps, teams, sendInvite, source, publicUrl, invitationsPerDay } = options;
  const grants = (apps ?? []).map((a) => `${a.appId}:${a.appRole}`);
  return JSON.stringify([access.orgId, actorRef(access.actor), personInviting(access.actor), access.role, role, grants, [...new Set(teams ?? [])], sendInvite, source, publicUrl, invitationsPerDay]);
}

/**
 * Runs of one kind under way at once on PostgreSQL (fewer with a smaller pool; 1 on the embedded
 * database, which runs one transaction at a time anyway). Two carry more calls each than four:
 * at 32 connections 765–1,225 single invites a second against 779–887 with four and 637–742 with
 * one, alternating (bench/RESULTS.md).
 */
export const SHARED_RUNS = 2;

/**
 * The most addresses a run carries on the embedded database, whose one connection never makes a
 * send wait for another's cap lock: larger runs there measured 730–912 single invites a second
 * against 666–795 with runs of ten.
 */
const EMBEDDED_RUN_MAX = 40;

/**
 * The database's coalescer of small invites. On PostgreSQL a run carries at most SHARED_INVITE_MAX
 * addresses, so it stays a small send that need not wait for the organization's other sends
 * (holdDailyLimit).
 */
const sharerOf = coalescerPerDatabase<SharedCall>((db) => ({
  runs: SHARED_RUNS,
  size: isSingleConnection(db) ? EMBEDDED_RUN_MAX : SHARED_INVITE_MAX,
  rerunAlone: oneCallMayHaveCaused,
}));

/**
 * Runs `invite` for this call's people (distinct addresses, at most SHARED_INVITE_MAX) in a
 * transaction it may share with concurrent calls of the same `kind`, as if they had come one after
 * another: `invite` gets every call's people, each call's with its own `group` (so each call is
 * audited on its own), and each call gets its people's outcomes in `results`. Calls naming the same
 * address never share. If the shared transaction fails in a way one call may have caused, each
 * call runs alone, in order (coalesce.ts), and gets its own outcome or error. A failure every call meets alike
 * (asSharedFailure, a lost connection) is given to all of them. The audit events of shared calls are
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
    await withSettledLook(db, (trx) => invite(trx, together, outcomes));
    for (const c of calls) {
      for (const p of c.people) {
        const outcome = outcomes.get(p.emailNormalized);
        if (outcome !== undefined) c.results.set(p.emailNormalized, outcome);
      }
    }
  });
}
