import { sql, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { isId } from './ids.ts';
import { scimWhere, type ScimColumn, type ScimCondition, type ScimFilter } from './scim-filter.ts';

/** A team as SCIM reads it; `members` only when asked for. */
export interface ScimGroupRow {
  id: string;
  name: string;
  createdAt: Date;
  lastModified: Date;
  scimExternalId: string | null;
  members?: { id: string; email: string }[];
}


function hasMember(c: ScimCondition) {
  if (c.op === 'pr') return sql<SqlBool>`exists (select 1 from team_members tm where tm.org_id = t.org_id and tm.team_id = t.id)`;
  if (c.op !== 'eq' || typeof c.value !== 'string' || !isId(c.value)) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (select 1 from team_members tm where tm.org_id = t.org_id and tm.team_id = t.id and tm.member_id = ${c.value.toLowerCase()}::uuid)`;
}

/** The attributes a Groups filter may name, and the columns behind them. */
export const scimGroupColumns: Readonly<Record<string, ScimColumn>> = {
  id: { kind: 'id', sql: sql`t.id` },
  // Case-insensitive (RFC 7643: Group displayName is not caseExact). SCIM keeps the names it writes
  // unique in any case (hasTeamNamedLike under holdTeamName); teams named in the console or REST
  // may still differ only by case.
  displayName: { kind: 'text-ci', sql: sql`t.name` },
  externalId: { kind: 'text', sql: sql`t.scim_external_id` },
  members: { kind: 'custom', build: hasMember },
  'members.value': { kind: 'custom', build: hasMember },
  'meta.created': { kind: 'time', sql: sql`t.created_at` },
  'meta.lastModified': { kind: 'time', sql: sql`coalesce(t.scim_modified_at, t.created_at)` },
};

/** One page of the organization's teams matching the filter (creation order), and how many match in all. */
export async function selectScimGroups(
  db: Db,
  orgId: string,
  filter: ScimFilter,
  page: { offset: number; limit: number; withMembers: boolean },
): Promise<{ total: number; rows: ScimGroupRow[] }> {
  const where = scimWhere(filter, scimGroupColumns);
  const counted = await sql<{ total: string }>`select count(*) as total from teams t where t.org_id = ${orgId}::uuid and ${where}`.execute(db);
  const total = Number(counted.rows[0]?.total ?? 0);
  if (page.limit === 0 || total <= page.offset) return { total, rows: [] };
  const members = page.withMembers
    ? sql`, coalesce((select json_agg(json_build_object('id', m.id, 'email', m.email) order by m.created_at, m.id)
        from team_members tm join members m on m.org_id = tm.org_id and m.id = tm.member_id
        where tm.org_id = t.org_id and tm.team_id = t.id), '[]'::json) as members`
    : sql``;
  const result = await sql<ScimGroupRow>`
    select t.id, t.name, t.created_at, coalesce(t.scim_modified_at, t.created_at) as last_modified, t.scim_external_id ${members}
    from teams t
    where t.org_id = ${orgId}::uuid and ${where}
    order by t.created_at, t.id
    offset ${page.offset} limit ${page.limit}
  `.execute(db);
  return { total, rows: result.rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), lastModified: new Date(r.lastModified) })) };
}

/** A team locked for the rest of the transaction; undefined when not in this organization. */
export async function lockScimGroup(db: Db, orgId: string, id: string): Promise<{ id: string; name: string; scimExternalId: string | null } | undefined> {
  if (!isId(id)) return undefined;
  // FOR NO KEY UPDATE: a member change adding someone to this team (its foreign key takes a share
  // lock on the team while holding the member) must not wait on this lock, or the two deadlock.
  return db.selectFrom('teams').select(['id', 'name', 'scimExternalId']).where('orgId', '=', orgId).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

/** One team as SCIM reads it (with its members unless not wanted), or undefined when not in this organization. */
export async function findScimGroup(db: Db, orgId: string, id: string, withMembers = true): Promise<ScimGroupRow | undefined> {
  const { rows } = await selectScimGroups(db, orgId, [[{ attr: 'id', op: 'eq', value: id }]], { offset: 0, limit: 1, withMembers });
  return rows[0];
}

/**
 * Renames a team and sets its external id; false when another team of the organization has the
 * name in any case (a concurrent rename to the same name fails on the unique key instead).
 */
export async function writeScimGroupFields(db: Db, orgId: string, id: string, fields: { name: string; externalId: string | null }): Promise<boolean> {
  const result = await sql`
    update teams set name = ${fields.name}, scim_external_id = ${fields.externalId}, scim_modified_at = now()
    where org_id = ${orgId}::uuid and id = ${id}::uuid
      and not exists (select 1 from teams o where o.org_id = ${orgId}::uuid and lower(o.name) = lower(${fields.name}) and o.id <> ${id}::uuid)
  `.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Which of these ids are members of the organization, held (FOR KEY SHARE, in id order) until the
 * transaction ends, so a concurrent removal waits instead of breaking the memberships written next.
 */
export async function holdMemberIds(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  const wellFormed = [...new Set(ids.filter((id) => isId(id)).map((id) => id.toLowerCase()))];
  if (wellFormed.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    select id from members where org_id = ${orgId}::uuid and id = any(${wellFormed}::uuid[]) order by id for key share
  `.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}

/** Adds and removes members of one team (stamping its lastModified when anything changes), in three statements at most. */
export async function changeTeamMembers(db: Db, orgId: string, teamId: string, change: { add: readonly string[]; remove: readonly string[] }): Promise<void> {
  if (change.add.length || change.remove.length) await sql`update teams set scim_modified_at = now() where org_id = ${orgId}::uuid and id = ${teamId}::uuid`.execute(db);
  if (change.remove.length) {
    await sql`delete from team_members where org_id = ${orgId}::uuid and team_id = ${teamId}::uuid and member_id = any(${change.remove}::uuid[])`.execute(db);
  }
  if (change.add.length) {
    await sql`
      insert into team_members (org_id, team_id, member_id)
      select ${orgId}::uuid, ${teamId}::uuid, m from unnest(${change.add}::uuid[]) as m
      on conflict do nothing
    `.execute(db);
  }
}

/** Whether the organization has a team of this name in any case. */
export async function hasTeamNamedLike(db: Db, orgId: string, name: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`select 1 as found from teams where org_id = ${orgId}::uuid and lower(name) = lower(${name}) limit 1`.execute(db);
  return rows.length > 0;
}

/**
 * Serializes, until the transaction ends, the writers of one team name in any case in one
 * organization (a transaction-scoped advisory lock): two providers' creates of "Sales" and "SALES"
 * then check one after the other.
 */
export async function holdTeamName(db: Db, orgId: string, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`team-name:${orgId}:${name.toLowerCase()}`}, 0))`.execute(db);
}
