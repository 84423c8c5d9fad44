import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { pageLimit } from './page-limit.ts';
import { PREFIX_END } from './prefix.ts';
import { effectiveStatusSql } from './invitations.ts';
import { isLastActiveAdminSql } from './members.ts';
import type { AppRole, MemberStatus, OrgRole } from './schema.ts';

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


/** The lower-cased name in byte order, the expression of the (org_id, name) index of migration 009. */
const nameKey = sql<string>`lower(m.name) collate "C"`;

/**
 * The same order as the column, as an expression no index provides: with a search, the planner
 * must not walk the whole (org_id, email_normalized) index testing every name (name matches are
 * scattered in address order); it gathers the matches through both prefix indexes and sorts them.
 */
const matchesInEmailOrder = sql<string>`m.email_normalized || ''`;

/** The member's name starts with the prefix, case-insensitively: a range of the (org_id, name) index. */
function startsWithName(prefix: string): RawBuilder<SqlBool> {
  const name = sql`lower(${prefix}) collate "C"`;
  return sql<SqlBool>`(${nameKey} >= ${name} and ${nameKey} < ${name} || ${PREFIX_END})`;
}

function startsWith(search: { emailPrefix: string; namePrefix: string }): RawBuilder<SqlBool> {
  const email = search.emailPrefix;
  return sql<SqlBool>`((m.email_normalized >= ${email} and m.email_normalized < ${email + PREFIX_END}) or ${startsWithName(search.namePrefix)})`;
}

/**
 * The badge of the row's member from its latest invitation `inv` (effective status, on the
 * database's clock): the one definition, used both to show a badge and to filter by it.
 */
const badgeSql = sql<MemberBadge | null>`(case when m.status <> 'pending' then null
  when inv.status = 'pending' then 'invited' when inv.status = 'expired' then 'expired'
  when inv.status = 'declined' then 'declined' else 'not_invited' end)`;

/**
 * Members whose badge is `badge`, as a boolean CASE rather than `badge = x`: PostgreSQL guesses
 * 0.5 % for `expression = constant` with no statistics, and once another filter (a role) narrows
 * the members, it then reads every one of them and sorts instead of walking the address index and
 * stopping at the page; a boolean expression is guessed at 50 %, which keeps the walk (bench:members-list).
 */
function hasBadge(badge: MemberBadge): RawBuilder<SqlBool> {
  return sql<SqlBool>`(case when ${badgeSql} = ${badge} then true else false end)`;
}


/** The member's teams by name, as JSON built here (the keys are the API's, not column names). */
const teamsSql = sql<{ id: string; name: string }[]>`coalesce((
  select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
  from team_members tm join teams t on t.org_id = tm.org_id and t.id = tm.team_id
  where tm.org_id = m.org_id and tm.member_id = m.id), '[]'::json)`;

/** The member's app access by app name (guests only have any). */
const appsSql = sql<{ appId: string; appRole: AppRole; name: string }[]>`coalesce((
  select json_agg(json_build_object('appId', a.id, 'appRole', aa.app_role, 'name', a.name) order by a.name)
  from app_access aa join apps a on a.org_id = aa.org_id and a.id = aa.app_id
  where aa.org_id = m.org_id and aa.member_id = m.id), '[]'::json)`;

/**
 * The members a page is drawn from, filtered on their own columns, in address order, at most
 * `limit` of them: an index range walked from the cursor that stops at the page. With a search,
 * the address prefix is such a walk and the name prefix gathers its matches and sorts them (name
 * matches are scattered in address order); the page is the first `limit` of both.
 */
function pageCandidates(db: Db, orgId: string, filter: MemberFilter) {
  const base = () => {
    let q = db.selectFrom('members as m').selectAll('m').where('m.orgId', '=', orgId);
    if (filter.ids) q = q.where('m.id', 'in', filter.ids);
    if (filter.status) q = q.where('m.status', '=', filter.status);
    if (filter.statusNot) q = q.where('m.status', '<>', filter.statusNot);
    if (filter.role) q = q.where('m.role', '=', filter.role);
    if (filter.after !== undefined) q = q.where('m.emailNormalized', '>', filter.after);
    return q;
  };
  const limit = pageLimit(filter.limit);
  const search = filter.search;
  if (!search) return base().orderBy('m.emailNormalized').limit(limit);
  const byAddress = base().where('m.emailNormalized', '>=', search.emailPrefix).where('m.emailNormalized', '<', search.emailPrefix + PREFIX_END).orderBy('m.emailNormalized').limit(limit);
  const byName = base().where(startsWithName(search.namePrefix)).orderBy(matchesInEmailOrder).limit(limit);
  return db.selectFrom(byAddress.as('a')).selectAll('a').union(db.selectFrom(byName.as('n')).selectAll('n'));
}

/**
 * One page of members ordered by emailNormalized (the (org_id, email_normalized) key), each with
 * its latest invitation when it is pending, its badge, whether it is the last active admin, its
 * teams and its app access (both by name), in one statement (a round trip per page, not per row).
 * Every filter keeps that order, so a page always continues after `after`; migration 009 indexes
 * each filter in that order. Without a badge filter the page's members are chosen first and only
 * they are joined to their invitations (a search matching thousands joins 50, not thousands).
 */
export async function selectMemberRows(db: Db, orgId: string, filter: MemberFilter) {
  if (filter.ids?.length === 0) return [];
  const members = filter.badge ? db.selectFrom('members as m') : db.selectFrom(pageCandidates(db, orgId, filter).as('m'));
  let query = members
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('invitations as i')
          .select(['i.id', 'i.expiresAt', 'i.sentCount', 'i.lastSentAt'])
          .select(effectiveStatusSql('i').as('status'))
          .whereRef('i.orgId', '=', 'm.orgId')
          .whereRef('i.memberId', '=', 'm.id')
          .where(sql.ref('m.status'), '=', 'pending')
          .orderBy('i.createdAt', 'desc')
          .orderBy('i.id', 'desc')
          .limit(pageLimit(1))
          .as('inv'),
      (join) => join.onTrue(),
    )
    .select([
      'm.id', 'm.email', 'm.emailNormalized', 'm.name', 'm.role', 'm.graphqlRole', 'm.status', 'm.source', 'm.accountId', 'm.invitedBy',
      'm.createdAt', 'm.joinedAt', 'inv.id as invitationId', 'inv.status as invitationStatus',
      'inv.expiresAt as invitationExpiresAt', 'inv.sentCount as invitationSentCount', 'inv.lastSentAt as invitationLastSentAt',
    ])
    .select([badgeSql.as('badge'), isLastActiveAdminSql('m').as('isLastAdmin')])
    .select([teamsSql.as('teams'), appsSql.as('apps')])
    .where('m.orgId', '=', orgId);
  if (filter.badge) {
    // The badge comes from the latest invitation: walk the pending members in address order, testing each.
    if (filter.ids) query = query.where('m.id', 'in', filter.ids);
    query = query.where('m.status', '=', 'pending').where(hasBadge(filter.badge));
    if (filter.role) query = query.where('m.role', '=', filter.role);
    if (filter.search) query = query.where(startsWith(filter.search));
    if (filter.after !== undefined) query = query.where('m.emailNormalized', '>', filter.after);
    return query.orderBy(filter.search ? matchesInEmailOrder : 'm.emailNormalized').limit(pageLimit(filter.limit)).execute();
  }
  return query.orderBy('m.emailNormalized').limit(pageLimit(filter.limit)).execute();
}

export type MemberRow = Awaited<ReturnType<typeof selectMemberRows>>[number];
