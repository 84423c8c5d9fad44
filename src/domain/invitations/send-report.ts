import type { MemberKey } from '../../storage/members.ts';
import { DomainError, type ErrorCode } from '../errors.ts';

/** What happened to one member of a send (R4). */
export interface SendResult {
  member: string;
  outcome: 'invited' | 'resent' | 'failed';
  memberId?: string;
  email?: string;
  invitationId?: string;
  code?: ErrorCode;
  message?: string;
}

export interface SendCounts {
  invited: number;
  resent: number;
  failed: number;
}

export interface SendReport {
  /**
   * Named members: one result per name. Scope pending (`summarized`): only members who were not
   * sent an invitation, in member order, at most FAILURES_LISTED of them; `counts` covers everyone.
   */
  results: SendResult[];
  counts: SendCounts;
  summarized: boolean;
  /** The first members sent an invitation (new or resent), in order, as many as the caller asked for. */
  sentMemberIds: string[];
  /**
   * Asked for (`everyFailure`): every name not sent an invitation (`member` of its result), in the
   * order of `results`, however many; only names, so 100,000 of them take a few megabytes.
   */
  failedMembers?: string[];
}

/**
 * How many failures a send to all pending lists. The organization may have any number of pending
 * members; the caller needs the counts and enough failures to see what went wrong, not 100,000
 * entries (which cost the server hundreds of megabytes to hold and send).
 */
export const FAILURES_LISTED = 100;

/** A failed result for a name as the caller gave it, with the code's catalogue message unless one is given. */
export function failedName(member: string, code: ErrorCode, message = new DomainError(code).message): SendResult {
  return { member, outcome: 'failed', code, message };
}

/** Failed results for names the send did not reach (it stopped), each with the code's catalogue message. */
export function failedNames(members: readonly string[], code: ErrorCode): SendResult[] {
  const message = new DomainError(code).message;
  return members.map((member) => failedName(member, code, message));
}

/** A failed result for a member (named by its address), with the code's catalogue message unless one is given. */
export function failedFor(member: Pick<MemberKey, 'id' | 'email'>, code: ErrorCode, message = new DomainError(code).message): SendResult {
  return { member: member.email, memberId: member.id, email: member.email, outcome: 'failed', code, message };
}

/**
 * A report built slice by slice, holding only what it will answer: the counts, the first
 * FAILURES_LISTED failures and the first `listSent` members sent to.
 */
export interface SummaryBuilder {
  add(results: readonly SendResult[]): void;
  /** Members not reached at all (the send stopped): counted, and the first listed, as failed with `code`. */
  addUnreached(count: number, first: readonly Pick<MemberKey, 'id' | 'email'>[], code: ErrorCode): void;
  /** How many of the unreached members, in member order, addUnreached wants: the failures still to list, or every one with `everyFailure`. */
  readonly unreachedWanted: number;
  report(): SendReport;
}

/** Adds each result's outcome to `counts`, and the first members sent to (up to `listSent`) to `sentMemberIds`. */
function tally(counts: SendCounts, sentMemberIds: string[], listSent: number, results: readonly SendResult[]): void {
  for (const r of results) {
    counts[r.outcome]++;
    if (r.outcome !== 'failed' && sentMemberIds.length < listSent && r.memberId) sentMemberIds.push(r.memberId);
  }
}

/** `everyFailure`: the report also names every member not sent to (SendReport.failedMembers). */
export function summaryBuilder(listSent: number, everyFailure = false): SummaryBuilder {
  const counts: SendCounts = { invited: 0, resent: 0, failed: 0 };
  const failures: SendResult[] = [];
  const sentMemberIds: string[] = [];
  const failedMembers: string[] | undefined = everyFailure ? [] : undefined;
  return {
    add(results) {
      tally(counts, sentMemberIds, listSent, results);
      for (const r of results) {
        if (r.outcome !== 'failed') continue;
        if (failures.length < FAILURES_LISTED) failures.push(r);
        failedMembers?.push(r.member);
      }
    },
    addUnreached(count, first, code) {
      counts.failed += count;
      const message = new DomainError(code).message;
      for (const m of first.slice(0, FAILURES_LISTED - failures.length)) failures.push(failedFor(m, code, message));
      if (failedMembers) for (const m of first) failedMembers.push(m.email);
    },
    get unreachedWanted() {
      return everyFailure ? Number.MAX_SAFE_INTEGER : FAILURES_LISTED - failures.length;
    },
    report: () => ({ results: failures, counts, summarized: true, sentMemberIds, ...(failedMembers ? { failedMembers } : {}) }),
  };
}

/** The report of a send to named members: every result, in the order given. */
export function fullReport(results: SendResult[], listSent: number, everyFailure = false): SendReport {
  const counts: SendCounts = { invited: 0, resent: 0, failed: 0 };
  const sentMemberIds: string[] = [];
  tally(counts, sentMemberIds, listSent, results);
  const failedMembers = everyFailure ? results.filter((r) => r.outcome === 'failed').map((r) => r.member) : undefined;
  return { results, counts, summarized: false, sentMemberIds, ...(failedMembers ? { failedMembers } : {}) };
}
