import type { ChunkReport, LineProblem } from '../../domain/invitations/import/chunk.ts';

/** Lines listed per problem code; the rest are counted (a capped org can fail 90,000 lines alike). */
const LISTED_PER_CODE = 20;

/** What an import did, built up chunk by chunk in bounded memory. */
export interface ImportSummary {
  file: string;
  org: string;
  /** Records read (people and bad lines), the header and blank lines not counted. */
  lines: number;
  /** Per line, by outcome or failure code. */
  outcomes: Record<string, number>;
  /** Lines that succeeded with a remark (notifications_disabled: added, not invited). */
  notices: Record<string, number>;
  /** The first lines of each problem code (in line order once the import is done). */
  problems: LineProblem[];
  /** Problem lines not listed. */
  unlisted: number;
  /** Set when the file could not be read to its end. */
  stopped: boolean;
}

export function newSummary(file: string, org: string): ImportSummary {
  return { file, org, lines: 0, outcomes: {}, notices: {}, problems: [], unlisted: 0, stopped: false };
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** Adds problems, keeping at most LISTED_PER_CODE lines of each code. */
export function addProblems(summary: ImportSummary, problems: readonly LineProblem[]): void {
  for (const p of problems) {
    if (summary.problems.filter((q) => q.code === p.code).length < LISTED_PER_CODE) summary.problems.push(p);
    else summary.unlisted++;
  }
}

/** Adds a problem the file itself has (counted here: it never reached the organization). */
export function addFileProblem(summary: ImportSummary, problem: LineProblem): void {
  summary.lines++;
  add(summary.outcomes, { [problem.code]: 1 });
  addProblems(summary, [problem]);
}

export function addReport(summary: ImportSummary, lines: number, report: ChunkReport): void {
  summary.lines += lines;
  add(summary.outcomes, report.counts);
  add(summary.notices, report.notices);
  addProblems(summary, report.problems);
}

/** Advice for outcomes an operator can do something about. */
function advice(summary: ImportSummary): string[] {
  const out: string[] = [];
  const muted = summary.notices.notifications_disabled ?? 0;
  if (muted > 0) out.push(`Notifications are off for ${summary.org}: ${muted} people were added without an invitation. Turn them on, then send invitations to pending members.`);
  if (summary.outcomes.daily_invitation_limit) {
    out.push('The daily invitation cap was reached: raise INVITATIONS_PER_DAY_PER_ORG (on the running server, for the embedded database) or run the same file again later; lines already done are skipped.');
  }
  if (summary.stopped) out.push('The file could not be read to its end; fix the line named above and run it again (lines already done are skipped).');
  return out;
}

/** The problem lines, then the advice, for stderr. */
export function formatProblems(summary: ImportSummary): string {
  const lines = summary.problems.map((p) => `line ${p.line}: ${p.code}: ${p.message}`);
  if (summary.unlisted > 0) lines.push(`… and ${summary.unlisted} more lines with problems (counted below).`);
  return [...lines, ...advice(summary)].map((l) => `${l}\n`).join('');
}

/** The outcome counts, one per line, for stdout. */
export function formatSummary(summary: ImportSummary): string {
  const rows = Object.entries(summary.outcomes).sort(([, a], [, b]) => b - a);
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  const head = `${summary.file}: ${summary.lines} ${summary.lines === 1 ? 'line' : 'lines'} for ${summary.org}\n`;
  const notices = Object.entries(summary.notices).map(([k, n]) => `  (${k}: ${n})\n`);
  return head + rows.map(([k, n]) => `  ${k.padEnd(width)}  ${n}\n`).join('') + notices.join('');
}

/** One line of JSON: the counts and the listed problems. */
export function formatJson(summary: ImportSummary): string {
  const { problems } = summary;
  return `${JSON.stringify({ file: summary.file, org: summary.org, lines: summary.lines, outcomes: summary.outcomes, notices: summary.notices, problems, unlistedProblems: summary.unlisted, complete: !summary.stopped })}\n`;
}
