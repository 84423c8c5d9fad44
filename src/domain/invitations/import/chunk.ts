import type { Actor, OrgAccess } from '../../actor.ts';
import { checkEmail } from '../../email.ts';
import { DomainError } from '../../errors.ts';
import { inviteMembers, MAX_BATCH, type InviteResult } from '../invite.ts';
import { getOrgAccess } from '../../organizations/organization.ts';
import type { Db } from '../../../storage/db.ts';
import type { OrgRole } from '../../../storage/schema.ts';
import { teamFinder, type TeamFinder } from './teams.ts';

/** Who imports: the command line acts for the operator, as an administrator of any organization. */
export const CLI_ACTOR: Actor = { kind: 'system', name: 'cli' };

export const ROLES: readonly OrgRole[] = ['admin', 'member', 'guest'];

/** One person as the file gives them (fields trimmed; an empty one was not given). */
export interface ChunkLine {
  line: number;
  email: string;
  name: string;
  role: string;
  teams: string[];
}

export interface InviteChunk {
  org: string;
  /** The role of lines that give none. */
  role: OrgRole;
  send: boolean;
  lines: ChunkLine[];
}

/** A line that was not imported, or not as asked. */
export interface LineProblem {
  line: number;
  code: string;
  message: string;
}

/**
 * What a chunk did, per line: `counts` by outcome (invited, created, already_invited) or failure
 * code (already_member, member_exists, invalid_email, unknown_team, ...); `notices` for lines that
 * succeeded with a remark (notifications_disabled); `problems` for lines worth a look.
 */
export interface ChunkReport {
  counts: Record<string, number>;
  notices: Record<string, number>;
  problems: LineProblem[];
}

export interface ChunkContext {
  publicUrl: string;
  invitationsPerDay: number;
}

/** Outcomes of a re-run or of people already there: counted, not listed line by line. */
const EXPECTED = new Set(['invited', 'created', 'already_invited', 'already_member', 'member_exists']);

/** Lines that go to the use case together: one role and set of teams, each line with its own name. */
interface Group {
  role: OrgRole;
  teams: string[];
  lines: { line: number; email: string; name: string | null }[];
}

function count(report: ChunkReport, line: number, code: string, message?: string): void {
  report.counts[code] = (report.counts[code] ?? 0) + 1;
  if (!EXPECTED.has(code)) report.problems.push({ line, code, message: message ?? code });
}

async function orgAccess(db: Db, ref: string): Promise<OrgAccess> {
  try {
    return (await getOrgAccess(db, ref, CLI_ACTOR)).access;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'org_not_found') throw new DomainError('org_not_found', `No organization "${ref}".`);
    throw err;
  }
}

/**
 * Checks one line against the organization (role, teams, address) and files it into its group;
 * a line that cannot be imported, or repeats an address of this chunk, is counted and reported.
 */
function fileLine(report: ChunkReport, groups: Map<string, Group>, seen: Map<string, number>, chunk: InviteChunk, teams: TeamFinder, l: ChunkLine): void {
  const role = (l.role === '' ? chunk.role : l.role.toLowerCase()) as OrgRole;
  if (!ROLES.includes(role)) return count(report, l.line, 'unknown_role', `role "${l.role.slice(0, 100)}" is not admin, member or guest.`);
  const resolved = teams.resolve(l.teams);
  if (!resolved.ok) return count(report, l.line, 'unknown_team', `no team "${resolved.missing.slice(0, 300)}" in this organization.`);
  if (l.name.length > 200) return count(report, l.line, 'invalid_name', 'the name is longer than 200 characters.');
  const checked = checkEmail(l.email);
  if (!checked.ok) return count(report, l.line, 'invalid_email', `"${l.email.slice(0, 300)}" ${checked.reason}.`);
  const first = seen.get(checked.email.normalized);
  if (first !== undefined) return count(report, l.line, 'duplicate', `the same address as line ${first}; imported once.`);
  seen.set(checked.email.normalized, l.line);
  const key = `${role} ${resolved.ids.join(' ')}`;
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { role, teams: resolved.ids, lines: [] }));
  group.lines.push({ line: l.line, email: l.email, name: l.name === '' ? null : l.name });
}

function countResult(report: ChunkReport, line: number, result: InviteResult): void {
  if (result.outcome !== 'failed') {
    count(report, line, result.outcome);
    if (result.code && result.code !== result.outcome) report.notices[result.code] = (report.notices[result.code] ?? 0) + 1;
    return;
  }
  count(report, line, result.code ?? 'failed', result.message);
}

async function inviteGroup(db: Db, ctx: ChunkContext, access: OrgAccess, send: boolean, group: Group, report: ChunkReport): Promise<void> {
  let results: InviteResult[];
  try {
    const input = { emails: group.lines.map((l) => l.email), names: group.lines.map((l) => l.name), role: group.role, teams: group.teams, sendInvite: send, source: 'cli' as const };
    results = (await inviteMembers(db, access, input, ctx.publicUrl, ctx.invitationsPerDay)).results;
  } catch (err) {
    // A refusal of the whole group (a team deleted meanwhile) fails its lines, not the import.
    if (!(err instanceof DomainError) || err.code === 'org_not_found') throw err;
    for (const l of group.lines) count(report, l.line, err.code, err.message);
    return;
  }
  // The addresses are valid and distinct, so the use case answers one result per address, in order.
  if (results.length !== group.lines.length) throw new Error(`The invite answered ${results.length} results for ${group.lines.length} addresses.`);
  group.lines.forEach((l, i) => countResult(report, l.line, results[i]!));
}

/**
 * Imports one chunk of `guestlist invite`'s file through the invite use case (as the API does),
 * acting as the command line (source `cli`). Lines are grouped by role and teams, one use-case
 * call per group; each line gets one outcome and a bad line never sinks the others. An empty
 * chunk only checks that the organization exists (org_not_found otherwise).
 */
export async function importChunk(db: Db, ctx: ChunkContext, chunk: InviteChunk): Promise<ChunkReport> {
  if (chunk.lines.length > MAX_BATCH) throw new DomainError('batch_too_large', `At most ${MAX_BATCH} lines per chunk.`);
  const access = await orgAccess(db, chunk.org);
  const report: ChunkReport = { counts: {}, notices: {}, problems: [] };
  const teams = await teamFinder(db, access, chunk.lines);
  const groups = new Map<string, Group>();
  const seen = new Map<string, number>();
  for (const l of chunk.lines) fileLine(report, groups, seen, chunk, teams, l);
  for (const group of groups.values()) await inviteGroup(db, ctx, access, chunk.send, group, report);
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}
