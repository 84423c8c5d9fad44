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
}

/**
 * How many failures a send to all pending lists. The organization may have any number of pending
 * members; the caller needs the counts and enough failures to see what went wrong, not 100,000
 * entries (which cost the server hundreds of megabytes to hold and send).
 */
export const FAILURES_LISTED = 100;

/** A failed result for a member, with the code's catalogue message unless one is given. */
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
  /** How many more failures the report would list. */
  readonly failuresWanted: number;
  report(): SendReport;
}

/** Adds each result's outcome to `counts`, and the first members sent to (up to `listSent`) to `sentMemberIds`. */
function tally(counts: SendCounts, sentMemberIds: string[], listSent: number, results: readonly SendResult[]): void {
  for (const r of results) {
    counts[r.outcome]++;
    if (r.outcome !== 'failed' && sentMemberIds.length < listSent && r.memberId) sentMemberIds.push(r.memberId);
  }
}

export function summaryBuilder(listSent: number): SummaryBuilder {
  const counts: SendCounts = { invited: 0, resent: 0, failed: 0 };
  const failures: SendResult[] = [];
  const sentMemberIds: string[] = [];
  return {
    add(results) {
      tally(counts, sentMemberIds, listSent, results);
      for (const r of results) if (r.outcome === 'failed' && failures.length < FAILURES_LISTED) failures.push(r);
    },
    addUnreached(count, first, code) {
      counts.failed += count;
      const message = new DomainError(code).message;
      for (const m of first.slice(0, FAILURES_LISTED - failures.length)) failures.push(failedFor(m, code, message));
    },
    get failuresWanted() {
      return FAILURES_LISTED - failures.length;
    },
    report: () => ({ results: failures, counts, summarized: true, sentMemberIds }),
  };
}

/** The report of a send to named members: every result, in the order given. */
export function fullReport(results: SendResult[], listSent: number): SendReport {
  const counts: SendCounts = { invited: 0, resent: 0, failed: 0 };
  const sentMemberIds: string[] = [];
  tally(counts, sentMemberIds, listSent, results);
  return { results, counts, summarized: false, sentMemberIds };
}
