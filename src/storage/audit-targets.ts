import type { Db } from './db.ts';
import { isId } from './ids.ts';

type NamedTable = 'members' | 'invitations' | 'api_tokens' | 'apps' | 'teams';

/** The target kinds recorded in audit events (`<kind>:<id>`) that name a row of one table. */
const TABLES: Record<string, NamedTable> = { member: 'members', invitation: 'invitations', api_token: 'api_tokens', app: 'apps', team: 'teams' };

async function namesIn(db: Db, table: NamedTable, orgId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  if (table === 'members') {
    const rows = await db.selectFrom('members').select(['id', 'name', 'email']).where('orgId', '=', orgId).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, name: r.name ? `${r.name} (${r.email})` : r.email }));
  }
  if (table === 'invitations') {
    const rows = await db.selectFrom('invitations').select(['id', 'email']).where('orgId', '=', orgId).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, name: r.email }));
  }
  return db.selectFrom(table).select(['id', 'name']).where('orgId', '=', orgId).where('id', 'in', ids).execute();
}

/**
 * What the audit targets (`member:<id>`, `invitation:<id>`, `api_token:<id>`, `app:<id>`,
 * `team:<id>`) of one organization are called now: a member's name and address, an invitation's
 * address, a token's, app's or team's name. One query per kind present, whatever the number of
 * targets; a target whose row is gone is left out.
 */
export async function describeTargets(db: Db, orgId: string, targets: readonly (string | null)[]): Promise<Map<string, string>> {
  const byKind = new Map<string, Set<string>>();
  for (const target of targets) {
    const [kind = '', id = ''] = target?.split(':') ?? [];
    if (kind in TABLES && isId(id)) byKind.set(kind, (byKind.get(kind) ?? new Set()).add(id));
  }
  const found = await Promise.all([...byKind].map(async ([kind, ids]) => (await namesIn(db, TABLES[kind]!, orgId, [...ids])).map((r) => [`${kind}:${r.id}`, r.name] as const)));
  return new Map(found.flat());
}
