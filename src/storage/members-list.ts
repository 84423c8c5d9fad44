import { readWithInviterNames } from './actors.ts';
import type { Db } from './db.ts';
import { pageLimitText } from './page-limit.ts';
import { PREFIX_END } from './prefix.ts';
import { effectiveStatusSql } from './invitations.ts';
import { isLastActiveAdminSql } from './members.ts';
import { fragmentText, hiddenFromPlanner, Params, runStatement } from './raw-statement.ts';
import type { AppRole, GraphqlRole, InvitationStatus, MemberSource, MemberStatus, OrgRole } from './schema.ts';

/** What the Users list shows for a pending member, from its latest invitation (PRODUCT §1.2). */
export type MemberBadge = 'not_invited' | 'invited' | 'expired' | 'declined';

/** Which members to read; `after` is the last emailNormalized of the previous page. */
export interface MemberFilter {
  ids?: readonly string[] | undefined;
  status?: MemberStatus | undefined;
  /** Members whose status is not this one (e.g. everyone but the deactivated). */
  statusNot?: MemberStatus | undefined;
  /** Pending members whose latest invitation gives this badge. */
  badge?: MemberBadge | undefined;
  role?: OrgRole | undefined;
  /** Members whose normalized address starts with `emailPrefix` or whose name starts with `namePrefix`, case-insensitively. */
  search?: { emailPrefix: string; namePrefix: string } | undefined;
  after?: string | undefined;
  limit: number;
}

/** One member of a page with its latest invitation (pending members), badge, teams and apps. */
export interface MemberRow {
  id: string;
  email: string;
  emailNormalized: string;
  name: string | null;
  role: OrgRole;
  graphqlRole: GraphqlRole | null;
  status: MemberStatus;
  source: MemberSource;
  accountId: string | null;
  invitedBy: string | null;
  /** Who added or invited them, named (readWithInviterNames); null for the system, or an account or token since deleted. */
  inviterName: string | null;
  createdAt: Date;
  joinedAt: Date | null;
  invitationId: string | null;
  invitationStatus: InvitationStatus | null;
  invitationExpiresAt: Date | null;
  invitationSentCount: number | null;
  invitationLastSentAt: Date | null;
  badge: MemberBadge | null;
  isLastAdmin: boolean;
  teams: { id: string; name: string }[];
  apps: { appId: string; appRole: AppRole; name: string }[];
}

/**
 * The page is one statement written as text (storage/raw-statement.ts: a page is asked for hundreds
 * of times a second, and building it with Kysely cost more CPU than reading it). Every filter keeps
 * address order, so the (org_id, email_normalized) key and migration 009's indexes serve it.
 */

/** The lower-cased name in byte order, the expression of the (org_id, name) index of migration 009. */
const NAME_KEY = `lower(m.name) collate "C"`;

/**
 * The same order as the column, as an expression no index provides: with a search, the planner
 * must not walk the whole (org_id, email_normalized) index testing every name (name matches are
 * scattered in address order); it gathers the matches through both prefix indexes and sorts them.
 */
const MATCHES_IN_EMAIL_ORDER = `m.email_normalized || ''`;

/**
 * The badge of the row's member from its latest invitation `inv` (effective status, on the
 * database's clock): the one definition, used both to show a badge and to filter by it.
 */
const BADGE = `(case when m.status <> 'pending' then null
  when inv.status = 'pending' then 'invited' when inv.status = 'expired' then 'expired'
  when inv.status = 'declined' then 'declined' else 'not_invited' end)`;

/**
 * `json`, a per-row subquery over `table`, asked only when the organization (`orgPlaceholder`) has
 * any row there at all, else an empty list (the test runs once a statement): on the embedded
 * database each per-row look at a small table read its size from the file system (a seek to its
 * end, an fstat), and with the sort of the JSON the two lists of an organization without teams or
 * app access cost ~0.3 ms of a 1.7 ms page (dev measurement, bench/RESULTS.md).
 */
function whenAnyIn(table: 'team_members' | 'app_access', orgPlaceholder: string, json: string): string {
  return `case when (select exists (select from ${table} x where x.org_id = ${orgPlaceholder}::uuid)) then ${json} else '[]'::json end`;
}

/** The member's teams by name, as JSON built here (the keys are the API's, not column names). */
function teamsOf(orgPlaceholder: string): string {
  return whenAnyIn('team_members', orgPlaceholder, `coalesce((
  select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
  from team_members tm join teams t on t.org_id = tm.org_id and t.id = tm.team_id
  where tm.org_id = m.org_id and tm.member_id = m.id), '[]'::json)`);
}

/** The member's app access by app name (guests only have any). */
function appsOf(orgPlaceholder: string): string {
  return whenAnyIn('app_access', orgPlaceholder, `coalesce((
  select json_agg(json_build_object('appId', a.id, 'appRole', aa.app_role, 'name', a.name) order by a.name)
  from app_access aa join apps a on a.org_id = aa.org_id and a.id = aa.app_id
  where aa.org_id = m.org_id and aa.member_id = m.id), '[]'::json)`);
}

/** The member's own columns, as the rows name them. */
const MEMBER_COLUMNS = `m.id, m.email, m.email_normalized as "emailNormalized", m.name, m.role, m.graphql_role as "graphqlRole",
  m.status, m.source, m.account_id as "accountId", m.invited_by as "invitedBy", m.created_at as "createdAt", m.joined_at as "joinedAt"`;

let shared: { lastAdmin: string; invitationStatus: string } | undefined;

/** Fragments defined beside the Kysely queries that use them too (compiled to text once). */
function sharedFragments(db: Db): { lastAdmin: string; invitationStatus: string } {
  shared ??= { lastAdmin: fragmentText(db, isLastActiveAdminSql('m')), invitationStatus: fragmentText(db, effectiveStatusSql('i')) };
  return shared;
}

/** The member's name starts with the prefix, case-insensitively: a range of the (org_id, name) index. */
function startsWithName(p: Params, prefix: string, hidden = false): string {
  const [value, end] = [p.add(prefix), p.add(PREFIX_END)];
  const [from, to] = hidden ? [`(select lower(${value}::text))`, `(select lower(${value}::text) || ${end}::text)`] : [`lower(${value})`, `(lower(${value}) || ${end})`];
  return `(${NAME_KEY} >= ${from} collate "C" and ${NAME_KEY} < ${to} collate "C")`;
}

/** The address starts with the (lower-cased) prefix; `hidden` keeps the bounds from the planner (raw-statement.ts). */
function startsWithAddress(p: Params, prefix: string, hidden = false): string {
  const [from, to] = [p.add(prefix), p.add(prefix + PREFIX_END)].map((v) => (hidden ? hiddenFromPlanner(v) : v));
  return `(m.email_normalized >= ${from} and m.email_normalized < ${to})`;
}

/** Conditions on the member's own columns, ANDed (the organization's first). */
function ownConditions(p: Params, orgId: string, filter: MemberFilter): string[] {
  const where = [`m.org_id = ${p.add(orgId)}`];
  if (filter.ids) where.push(`m.id = any(${p.add(filter.ids)}::uuid[])`);
  if (filter.status) where.push(`m.status = ${p.add(filter.status)}`);
  if (filter.statusNot) where.push(`m.status <> ${p.add(filter.statusNot)}`);
  if (filter.role) where.push(`m.role = ${p.add(filter.role)}`);
  if (filter.after !== undefined) where.push(`m.email_normalized > ${p.add(filter.after)}`);
  return where;
}

/**
 * The members a page is drawn from, filtered on their own columns, in address order, at most
 * `limit` of them: an index range walked from the cursor that stops at the page. With a search,
 * the address prefix is such a walk and the name prefix gathers its matches and sorts them (name
 * matches are scattered in address order); the page is the first `limit` of both. The two are
 * disjoint, so `union all` joins them: `union` removed duplicates by sorting every row on all its
 * columns (0.1–0.2 ms of a 1.1–1.3 ms search page on the embedded database, bench/RESULTS.md).
 */
function pageCandidates(p: Params, orgId: string, filter: MemberFilter, limit: string): string {
  const columns = `m.id, m.org_id, m.email, m.email_normalized, m.name, m.role, m.graphql_role, m.status, m.source, m.account_id, m.invited_by, m.created_at, m.joined_at`;
  const search = filter.search;
  if (!search) return `select ${columns} from members m where ${ownConditions(p, orgId, filter).join(' and ')} order by m.email_normalized limit ${limit}`;
  const address = startsWithAddress(p, search.emailPrefix, true);
  const byAddress = [...ownConditions(p, orgId, filter), address].join(' and ');
  // Name matches whose address matches too are the first branch's: the branches never share a row
  // (email_normalized is never null, so `not` the range is true or false, never unknown).
  const byName = [...ownConditions(p, orgId, filter), startsWithName(p, search.namePrefix, true), `not ${address}`].join(' and ');
  return `(select ${columns} from members m where ${byAddress} order by m.email_normalized limit ${limit})
    union all (select ${columns} from members m where ${byName} order by ${MATCHES_IN_EMAIL_ORDER} limit ${limit})`;
}

/**
 * One page of members ordered by emailNormalized (the (org_id, email_normalized) key), each with
 * its latest invitation when it is pending, its badge, whether it is the last active admin, its
 * teams and its app access (both by name), in one statement (a round trip per page, not per row).
 * Every filter keeps that order, so a page always continues after `after`; migration 009 indexes
 * each filter in that order. Without a badge filter the page's members are chosen first and only
 * they are joined to their invitations (a search matching thousands joins 50, not thousands).
 */
export async function selectMemberRows(db: Db, orgId: string, filter: MemberFilter): Promise<MemberRow[]> {
  if (filter.ids?.length === 0) return [];
  const { lastAdmin, invitationStatus } = sharedFragments(db);
  const limit = pageLimitText(filter.limit);
  const p = new Params();
  const org = p.add(orgId);
  let from: string;
  let where: string[];
  let order = 'm.email_normalized';
  if (filter.badge) {
    // The badge comes from the latest invitation: walk the pending members in address order, testing each.
    // A boolean CASE rather than `badge = x`: PostgreSQL guesses 0.5 % for `expression = constant` with
    // no statistics, and once another filter (a role) narrows the members, it then reads every one of
    // them and sorts instead of walking the address index and stopping at the page; a boolean
    // expression is guessed at 50 %, which keeps the walk (bench:members-list).
    from = 'members m';
    where = [...ownConditions(p, orgId, { ...filter, status: 'pending' }), `(case when ${BADGE} = ${p.add(filter.badge)} then true else false end)`];
    if (filter.search) {
      where.push(`(${startsWithAddress(p, filter.search.emailPrefix)} or ${startsWithName(p, filter.search.namePrefix)})`);
      order = MATCHES_IN_EMAIL_ORDER;
    }
  } else {
    from = `(${pageCandidates(p, orgId, filter, limit)}) m`;
    where = [];
  }
  const text = `select ${MEMBER_COLUMNS},
    inv.id as "invitationId", inv.status as "invitationStatus", inv.expires_at as "invitationExpiresAt",
    inv.sent_count as "invitationSentCount", inv.last_sent_at as "invitationLastSentAt",
    ${BADGE} as badge, ${lastAdmin} as "isLastAdmin", ${teamsOf(org)} as teams, ${appsOf(org)} as apps
  from ${from}
  left join lateral (
    select i.id, i.expires_at, i.sent_count, i.last_sent_at, ${invitationStatus} as status
    from invitations i where i.org_id = m.org_id and i.member_id = m.id and m.status = 'pending'
    order by i.created_at desc, i.id desc limit 1) inv on true
  ${where.length ? `where ${where.join(' and ')}` : ''}
  order by ${order} limit ${limit}`;
  // Every order here is address order.
  return readWithInviterNames<Omit<MemberRow, 'inviterName'>>(db, { text, values: p.values, order: 'page."emailNormalized"', orgId, orgPlaceholder: org });
}
