import { sql } from 'kysely';
import type { Db } from './db.ts';
import { isId } from './ids.ts';

export interface ActorDescription {
  name: string;
  /** Where to write to the actor: people only. */
  email: string | null;
}

/** Whether describeActors can give this reference an address: only people (`account:`) have one. */
export function mayHaveAddress(ref: string | null): boolean {
  return ref?.startsWith('account:') ?? false;
}

/** The shape of our ids (uuid), for PostgreSQL's regular expressions. */
const UUID_TEXT = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * The name of the actor an actor reference (`account:<id>`, `token:<id>`) names, as an SQL
 * expression over `ref` (a text column): the person's name, or their address when they gave none;
 * `API token "<name>"`; null for the system, anything else, or an account or token since deleted.
 * A person is one look-up by primary key, a token too when `orgId` (a placeholder) names its
 * organization (api_tokens is keyed by organization and id); without it, tokens are searched by id
 * alone. A token's id is cast only when it has a uuid's shape (a malformed reference names no one,
 * rather than failing the statement).
 */
function actorNameSql(ref: string, orgId?: string): string {
  const tokenOf = orgId ? `t.org_id = ${orgId}::uuid and ` : '';
  return `(case when ${ref} like 'account:%' then (select coalesce(nullif(u.name, ''), u.email) from auth_user u where u.id = substr(${ref}, 9))
    when ${ref} ~ '^token:${UUID_TEXT}$' then (select 'API token "' || t.name || '"' from api_tokens t where ${tokenOf}t.id = substr(${ref}, 7)::uuid) end)`;
}

/**
 * A page statement whose rows also carry "inviterName", the actor their "invitedBy" names
 * (actorNameSql, as describeActors names it), looked up once for each reference on the page, in the
 * same statement: a list page is one round trip with its inviters (a second statement cost twice as
 * much as this, dev measurement in bench/RESULTS.md). `order` orders the page's rows again, by their
 * output names; `orgId` is the placeholder of the page's organization (its inviting tokens are its own).
 */
export function withInviterNames(page: string, order: string, orgId: string): string {
  return `with page as (${page})
  select page.*, names.name as "inviterName" from page
  left join (select d.ref, ${actorNameSql('d.ref', orgId)} as name from (select distinct "invitedBy" as ref from page) d) names on names.ref = page."invitedBy"
  order by ${order}`;
}

/**
 * Names (and, for people, addresses) of recorded actor references (`account:<id>`, `token:<id>`,
 * `system:<name>`), in one statement whatever their number (a constant text: it stays prepared).
 * Unknown references are left out.
 */
export async function describeActors(db: Db, refs: readonly (string | null)[]): Promise<Map<string, ActorDescription>> {
  const asked = [...new Set(refs.filter((r): r is string => r !== null && (r.startsWith('account:') || (r.startsWith('token:') && isId(r.slice(6))))))];
  const described = new Map<string, ActorDescription>();
  if (asked.length === 0) return described;
  const { rows } = await sql<{ ref: string; name: string | null; email: string | null }>`
    select r.ref, ${sql.raw(actorNameSql('r.ref'))} as name,
      (select u.email from auth_user u where r.ref like 'account:%' and u.id = substr(r.ref, 9)) as email
    from unnest(${asked}::text[]) as r(ref)`.execute(db);
  for (const r of rows) if (r.name !== null) described.set(r.ref, { name: r.name, email: r.email });
  return described;
}

/** One actor reference described; the system (or anything unknown) is "Guestlist". */
export async function describeActor(db: Db, ref: string | null): Promise<ActorDescription> {
  return (await describeActors(db, [ref])).get(ref ?? '') ?? { name: 'Guestlist', email: null };
}
