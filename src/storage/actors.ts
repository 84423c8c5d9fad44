import type { Db } from './db.ts';
import { isId } from './ids.ts';
import { arrayLiteral } from './array-param.ts';
import { isSingleConnection } from './pglite-dialect.ts';
import { runStatement } from './raw-statement.ts';

export interface ActorDescription {
  name: string;
  /** Where to write to the actor: people only. */
  email: string | null;
}

const ACCOUNT = 'account:';
const TOKEN = 'token:';

/** Whether describeActors can give this reference an address: only people (`account:`) have one. */
export function mayHaveAddress(ref: string | null): boolean {
  return ref?.startsWith(ACCOUNT) ?? false;
}

/**
 * Where a reference's actor is found: `a<account id>`, `t<token id, lower case>` (a token only when
 * its id has a uuid's shape), or nowhere (the system, an invitee, anything else).
 */
function lookupKey(ref: string): string | undefined {
  if (ref.startsWith(ACCOUNT)) return `a${ref.slice(ACCOUNT.length)}`;
  const token = ref.startsWith(TOKEN) ? ref.slice(TOKEN.length) : undefined;
  return token !== undefined && isId(token) ? `t${token.toLowerCase()}` : undefined;
}

/** The name a person's reference shows (`u`, an auth_user row): their name, or their address when they gave none. */
const personName = (u: string) => `coalesce(nullif(${u}.name, ''), ${u}.email)`;
/** The name a token's reference shows (`t`, an api_tokens row). */
const tokenName = (t: string) => `'API token "' || ${t}.name || '"'`;

/**
 * People by account id ($1) and API tokens by id ($2), each with the name its reference shows: by
 * auth_user's primary key, and by api_tokens' (organization, id) when `$3` names the organization
 * (else the tokens are searched by id alone). Constant texts: they stay prepared.
 */
function actorsText(inOrganization: boolean): string {
  return `select 'a' as kind, u.id as id, ${personName('u')} as name, u.email from auth_user u where u.id = any($1::text[])
  union all
  select 't', t.id::text, ${tokenName('t')}, null from api_tokens t where ${inOrganization ? 't.org_id = $3::uuid and ' : ''}t.id = any($2::uuid[])`;
}
const ACTORS = actorsText(false);
const ACTORS_IN_ORGANIZATION = actorsText(true);

/**
 * Names (and, for people, addresses) of recorded actor references (`account:<id>`, `token:<id>`,
 * `system:<name>`), in one statement whatever their number, or none when no reference names a
 * person or a token. With `orgId`, only that organization's tokens are looked for. Unknown
 * references (and system ones) are left out; a token's id is looked for only when it has a uuid's
 * shape (a malformed reference names no one).
 */
export async function describeActors(db: Db, refs: readonly (string | null)[], orgId?: string): Promise<Map<string, ActorDescription>> {
  const keys = new Map<string, string>();
  for (const ref of refs) {
    const key = ref === null ? undefined : lookupKey(ref);
    if (ref !== null && key !== undefined) keys.set(ref, key);
  }
  const described = new Map<string, ActorDescription>();
  if (keys.size === 0) return described;
  const ids = (kind: string) => arrayLiteral([...new Set([...keys.values()].filter((k) => k[0] === kind).map((k) => k.slice(1)))]);
  const values = [ids('a'), ids('t')];
  const rows = await runStatement<{ kind: 'a' | 't'; id: string; name: string; email: string | null }>(
    db, orgId === undefined ? ACTORS : ACTORS_IN_ORGANIZATION, orgId === undefined ? values : [...values, orgId]);
  const found = new Map(rows.map((r) => [`${r.kind}${r.id}`, { name: r.name, email: r.email }]));
  for (const [ref, key] of keys) {
    const actor = found.get(key);
    if (actor) described.set(ref, actor);
  }
  return described;
}

/** One actor reference described; the system (or anything unknown) is "Guestlist". */
export async function describeActor(db: Db, ref: string | null): Promise<ActorDescription> {
  return (await describeActors(db, [ref])).get(ref ?? '') ?? { name: 'Guestlist', email: null };
}

/** The shape of our ids (uuid), for PostgreSQL's regular expressions. */
const UUID_TEXT = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * `page` (a statement) with each row's "inviterName" added in the same statement: the page becomes
 * a CTE, each distinct "invitedBy" on it is named once by a subquery (as describeActors names it,
 * the organization's tokens only), and the rows are ordered again by `order` (output names).
 * `orgId` is the placeholder of the page's organization.
 */
function namedInStatement(page: string, order: string, orgId: string): string {
  const name = `(case when d.ref like 'account:%' then (select ${personName('u')} from auth_user u where u.id = substr(d.ref, 9))
    when d.ref ~ '^token:${UUID_TEXT}$' then (select ${tokenName('t')} from api_tokens t where t.org_id = ${orgId}::uuid and t.id = substr(d.ref, 7)::uuid) end)`;
  return `with page as (${page})
  select page.*, names.name as "inviterName" from page
  left join (select d.ref, ${name} as name from (select distinct "invitedBy" as ref from page) d) names on names.ref = page."invitedBy"
  order by ${order}`;
}

/** A list page to read: its statement, the statement's order by output names, its organization and that id's placeholder. */
export interface ListPage {
  text: string;
  values: readonly unknown[];
  order: string;
  orgId: string;
  orgPlaceholder: string;
}

/**
 * The rows of a list page, each with "inviterName", the actor its "invitedBy" names (as
 * describeActors names it: null for the system, or an account or token since deleted), the
 * organization's tokens only. On PostgreSQL the page names them itself (namedInStatement): a second
 * statement is a second round trip, which cost more than the names (bench/RESULTS.md). On the
 * embedded database a statement is a call in this thread, and the names in the statement (a CTE,
 * subqueries, the rows ordered again) cost more there than describeActors after the page (a Users
 * page in process, medians of two runs: 432 and 481 µs against 377 and 431; bench/RESULTS.md).
 */
export async function readWithInviterNames<R extends { invitedBy: string | null }>(db: Db, page: ListPage): Promise<(R & { inviterName: string | null })[]> {
  if (!isSingleConnection(db)) return runStatement<R & { inviterName: string | null }>(db, namedInStatement(page.text, page.order, page.orgPlaceholder), page.values);
  const rows = (await runStatement<R>(db, page.text, page.values)) as (R & { inviterName: string | null })[];
  const actors = await describeActors(db, rows.map((r) => r.invitedBy), page.orgId);
  for (const row of rows) row.inviterName = row.invitedBy === null ? null : (actors.get(row.invitedBy)?.name ?? null);
  return rows;
}
