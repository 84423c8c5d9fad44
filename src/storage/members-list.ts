import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { effectiveStatusSql } from './invitations.ts';
import type { AppRole, MemberStatus, OrgRole } from './schema.ts';

/** What the Users list shows for a pending member, from its latest invitation (PRODUCT §1.2). */
export type MemberBadge = 'not_invited' | 'invited' | 'expired' | 'declined';

/** Which members to read; `after` is the last emailNormalized of the previous page. */
export interface MemberFilter {
  ids?: readonly string[] | undefined;
  status?: MemberStatus | undefined;
  /** Pending members whose latest invitation gives this badge. */
  badge?: MemberBadge | undefined;
  role?: OrgRole | undefined;
  /** Members whose normalized address starts with `emailPrefix` or whose name starts with `namePrefix`, case-insensitively. */
  search?: { emailPrefix: string; namePrefix: string } | undefined;
  after?: string | undefined;
  limit: number;
}

/** Above every character: `x >= p and x < p || END` is "x starts with p" in the C collation, as an index range. */
const PREFIX_END = '\u{10FFFF}';

/** The lower-cased name in byte order, the expression of the (org_id, name) index of migration 009. */
const nameKey = sql<string>`lower(m.name) collate "C"`;

/**
 * The same order as the column, as an expression no index provides: with a search, the planner
 * must not walk the whole (org_id, email_normalized) index testing every name (name matches are
 * scattered in address order); it gathers the matches through both prefix indexes and sorts them.
 */
const matchesInEmailOrder = sql<string>`m.email_normalized || ''`;

function startsWith(search: { emailPrefix: string; namePrefix: string }): RawBuilder<SqlBool> {
  const email = search.emailPrefix;
  const name = sql`lower(${search.namePrefix}) collate "C"`;
  return sql<SqlBool>`((m.email_normalized >= ${email} and m.email_normalized < ${email + PREFIX_END})
    or (${nameKey} >= ${name} and ${nameKey} < ${name} || ${PREFIX_END}))`;
}

/**
 * The badge of the row's member from its latest invitation `inv` (effective status, on the
 * database's clock): the one definition, used both to show a badge and to filter by it.
 */
const badgeSql = sql<MemberBadge | null>`(case when m.status <> 'pending' then null
  when inv.status = 'pending' then 'invited' when inv.status = 'expired' then 'expired'
  when inv.status = 'declined' then 'declined' else 'not_invited' end)`;

/** True for the organization's only active admin (who can't be removed, demoted or deactivated). */
const isLastAdminSql = sql<boolean>`(m.role = 'admin' and m.status = 'active' and not exists (
  select 1 from members o where o.org_id = m.org_id and o.role = 'admin' and o.status = 'active' and o.id <> m.id))`;

/**
 * One page of members ordered by emailNormalized (the (org_id, email_normalized) key), each with
 * its latest invitation when it is pending, its badge and whether it is the last active admin, in
 * one statement (a LATERAL join, not a query per row). Every filter keeps that order, so a page
 * always continues after `after`; migration 009 indexes each filter in that order.
 */
export async function selectMemberRows(db: Db, orgId: string, filter: MemberFilter) {
  if (filter.ids?.length === 0) return [];
  let query = db
    .selectFrom('members as m')
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
          .limit(1)
          .as('inv'),
      (join) => join.onTrue(),
    )
    .select([
      'm.id', 'm.email', 'm.emailNormalized', 'm.name', 'm.role', 'm.status', 'm.source', 'm.accountId', 'm.invitedBy',
      'm.createdAt', 'm.joinedAt', 'inv.id as invitationId', 'inv.status as invitationStatus',
      'inv.expiresAt as invitationExpiresAt', 'inv.sentCount as invitationSentCount', 'inv.lastSentAt as invitationLastSentAt',
    ])
    .select([badgeSql.as('badge'), isLastAdminSql.as('isLastAdmin')])
    .where('m.orgId', '=', orgId);
  if (filter.ids) query = query.where('m.id', 'in', filter.ids);
  if (filter.badge) query = query.where('m.status', '=', 'pending').where(badgeSql, '=', filter.badge);
  if (filter.status) query = query.where('m.status', '=', filter.status);
  if (filter.role) query = query.where('m.role', '=', filter.role);
  if (filter.search) query = query.where(startsWith(filter.search));
  if (filter.after !== undefined) query = query.where('m.emailNormalized', '>', filter.after);
  return query.orderBy(filter.search ? matchesInEmailOrder : 'm.emailNormalized').limit(filter.limit).execute();
}

export type MemberRow = Awaited<ReturnType<typeof selectMemberRows>>[number];

/** The teams of these members, in one statement, ordered by team name. */
export async function selectMemberTeams(db: Db, orgId: string, memberIds: readonly string[]): Promise<{ memberId: string; id: string; name: string }[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('team_members as tm')
    .innerJoin('teams as t', (join) => join.onRef('t.orgId', '=', 'tm.orgId').onRef('t.id', '=', 'tm.teamId'))
    .select(['tm.memberId', 't.id', 't.name'])
    .where('tm.orgId', '=', orgId)
    .where('tm.memberId', 'in', memberIds)
    .orderBy('t.name')
    .execute();
}

/** The app access of these members, in one statement, ordered by app name. */
export async function selectMemberApps(
  db: Db,
  orgId: string,
  memberIds: readonly string[],
): Promise<{ memberId: string; appId: string; appRole: AppRole; name: string }[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('app_access as aa')
    .innerJoin('apps as a', (join) => join.onRef('a.orgId', '=', 'aa.orgId').onRef('a.id', '=', 'aa.appId'))
    .select(['aa.memberId', 'aa.appId', 'aa.appRole', 'a.name'])
    .where('aa.orgId', '=', orgId)
    .where('aa.memberId', 'in', memberIds)
    .orderBy('a.name')
    .execute();
}
