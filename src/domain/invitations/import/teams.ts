import type { OrgAccess } from '../../actor.ts';
import { listTeams } from '../../teams/manage-teams.ts';
import type { Db } from '../../../storage/db.ts';

export interface TeamFinder {
  /** The ids of the teams named (by id or by name), or the first one the organization lacks. */
  resolve(refs: readonly string[]): { ok: true; ids: string[] } | { ok: false; missing: string };
}

/**
 * Resolves a file's team references: an id, the exact name, or the name in any case when only one
 * team has it. The organization's teams are read once, and only when some line names a team.
 */
export async function teamFinder(db: Db, access: OrgAccess, lines: readonly { teams: readonly string[] }[]): Promise<TeamFinder> {
  const teams = lines.some((l) => l.teams.length > 0) ? await listTeams(db, access) : [];
  const byId = new Map(teams.map((t) => [t.id.toLowerCase(), t.id]));
  const byName = new Map(teams.map((t) => [t.name, t.id]));
  const byFolded = new Map<string, string | null>();
  for (const t of teams) {
    const folded = t.name.toLowerCase();
    byFolded.set(folded, byFolded.has(folded) ? null : t.id);
  }
  const find = (ref: string) => byId.get(ref.toLowerCase()) ?? byName.get(ref) ?? byFolded.get(ref.toLowerCase()) ?? undefined;
  return {
    resolve(refs) {
      const ids = new Set<string>();
      for (const ref of refs) {
        const id = find(ref);
        if (id === undefined) return { ok: false, missing: ref };
        ids.add(id);
      }
      return { ok: true, ids: [...ids].sort() };
    },
  };
}
