import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { scimCondition, scimWhere, type ScimColumn, type ScimCondition, type ScimFilter } from './scim-filter.ts';
import type { MemberStatus } from './schema.ts';

/** A member as SCIM reads it. */
export interface ScimUserRow {
  id: string;
  email: string;
  emailNormalized: string;
  name: string | null;
  status: MemberStatus;
  accountId: string | null;
  createdAt: Date;
  lastModified: Date;
  scimExternalId: string | null;
  scimAttributes: Record<string, unknown> | null;
  teams: { id: string; name: string }[];
}

const address: ScimColumn = { kind: 'text-lower', sql: sql`m.email_normalized` };

/**
 * An email filter matches the member's address or, for `eq`, any address the provider gave in
 * `emails` (a provider may match users on a work address that is not their userName).
 */
function emailCondition(c: ScimCondition): RawBuilder<SqlBool> {
  const own = scimCondition(address, c);
  if (c.op !== 'eq' || typeof c.value !== 'string') return own;
  return sql<SqlBool>`(${own} or exists (select 1 from jsonb_array_elements(case when jsonb_typeof(m.scim_attributes->'emails') = 'array'
    then m.scim_attributes->'emails' else '[]'::jsonb end) e where lower(e->>'value') = ${c.value.toLowerCase()}))`;
}

/** The attributes a Users filter may name, and the columns behind them. */
export const scimUserColumns: Readonly<Record<string, ScimColumn>> = {
  id: { kind: 'id', sql: sql`m.id` },
  userName: { kind: 'text-lower', sql: sql`m.email_normalized` },
  emails: { kind: 'custom', build: emailCondition },
  'emails.value': { kind: 'custom', build: emailCondition },
  // Every member has one address, its work and primary one.
  'emails.type': { kind: 'custom', build: (c) => (c.op === 'pr' || (c.op === 'eq' && String(c.value).toLowerCase() === 'work') ? sql<SqlBool>`true` : sql<SqlBool>`false`) },
  'emails.primary': { kind: 'custom', build: (c) => (c.op === 'pr' || (c.op === 'eq' && String(c.value).toLowerCase() === 'true') ? sql<SqlBool>`true` : sql<SqlBool>`false`) },
  externalId: { kind: 'text', sql: sql`m.scim_external_id` },
  displayName: { kind: 'text-ci', sql: sql`m.name` },
  active: { kind: 'bool', sql: sql`(m.status <> 'deactivated')` },
  'meta.created': { kind: 'time', sql: sql`m.created_at` },
  'meta.lastModified': { kind: 'time', sql: sql`greatest(m.created_at, m.joined_at, m.scim_modified_at)` },
};

/**
 * One page of the organization's members matching the filter, in a stable order (creation, then
 * id), with their teams, and how many match in all: two statements whatever the page size.
 */
export async function selectScimUsers(db: Db, orgId: string, filter: ScimFilter, page: { offset: number; limit: number }): Promise<{ total: number; rows: ScimUserRow[] }> {
  const where = scimWhere(filter, scimUserColumns);
  const counted = await sql<{ total: string }>`select count(*) as total from members m where m.org_id = ${orgId}::uuid and ${where}`.execute(db);
  const total = Number(counted.rows[0]?.total ?? 0);
  if (page.limit === 0 || total <= page.offset) return { total, rows: [] };
  return { total, rows: await selectRows(db, orgId, where, page) };
}

async function selectRows(db: Db, orgId: string, where: RawBuilder<SqlBool>, page: { offset: number; limit: number }): Promise<ScimUserRow[]> {
  const result = await sql<ScimUserRow>`
    select m.id, m.email, m.email_normalized, m.name, m.status, m.account_id, m.created_at,
      greatest(m.created_at, m.joined_at, m.scim_modified_at) as last_modified, m.scim_external_id, m.scim_attributes,
      coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
        from team_members tm join teams t on t.org_id = tm.org_id and t.id = tm.team_id
        where tm.org_id = m.org_id and tm.member_id = m.id), '[]'::json) as teams
    from members m
    where m.org_id = ${orgId}::uuid and ${where}
    order by m.created_at, m.id
    offset ${page.offset} limit ${page.limit}
  `.execute(db);
  return result.rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), lastModified: new Date(r.lastModified) }));
}

/** One member as SCIM reads it (one statement), or undefined when not in this organization. */
export async function findScimUser(db: Db, orgId: string, id: string): Promise<ScimUserRow | undefined> {
  const [row] = await selectRows(db, orgId, scimWhere([[{ attr: 'id', op: 'eq', value: id }]], scimUserColumns), { offset: 0, limit: 1 });
  return row;
}

/** Writes what the identity provider sent beyond the member's own columns, and stamps the change. */
export async function writeScimUserFields(db: Db, orgId: string, memberId: string, fields: { externalId: string | null; attributes: Record<string, unknown> }): Promise<void> {
  await sql`
    update members set scim_external_id = ${fields.externalId}, scim_attributes = ${JSON.stringify(fields.attributes)}::jsonb, scim_modified_at = now()
    where org_id = ${orgId}::uuid and id = ${memberId}::uuid
  `.execute(db);
}
