import type { Db } from './db.ts';
import { effectiveStatusSql } from './invitations.ts';
import type { AppRole, MemberStatus, OrgRole } from './schema.ts';

/** Which members to read; `after` is the last emailNormalized of the previous page. */
export interface MemberFilter {
  ids?: readonly string[] | undefined;
  status?: MemberStatus | undefined;
  role?: OrgRole | undefined;
  /** Lower-cased prefix of the normalized address. */
  emailPrefix?: string | undefined;
  after?: string | undefined;
  limit: number;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of members ordered by emailNormalized (the (org_id, email_normalized) key), each with
 * its latest invitation when it is pending, in one statement (a LATERAL join, not a query per row).
 */
export async function selectMemberRows(db: Db, orgId: string, filter: MemberFilter) {
  if (filter.ids?.length === 0) return [];
  let query = db
    .selectFrom('members as m')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('invitations as i')
          .select(['i.id', 'i.expiresAt', 'i.sentCount'])
          .select(effectiveStatusSql('i').as('status'))
          .whereRef('i.orgId', '=', 'm.orgId')
          .whereRef('i.memberId', '=', 'm.id')
          .orderBy('i.createdAt', 'desc')
          .orderBy('i.id', 'desc')
          .limit(1)
          .as('inv'),
      (join) => join.on('m.status', '=', 'pending'),
    )
    .select([
      'm.id', 'm.email', 'm.emailNormalized', 'm.name', 'm.role', 'm.status', 'm.source', 'm.accountId', 'm.invitedBy',
      'm.createdAt', 'm.joinedAt', 'inv.id as invitationId', 'inv.status as invitationStatus',
      'inv.expiresAt as invitationExpiresAt', 'inv.sentCount as invitationSentCount',
    ])
    .where('m.orgId', '=', orgId);
  if (filter.ids) query = query.where('m.id', 'in', filter.ids);
  if (filter.status) query = query.where('m.status', '=', filter.status);
  if (filter.role) query = query.where('m.role', '=', filter.role);
  if (filter.emailPrefix) {
    query = query.where('m.emailNormalized', '>=', filter.emailPrefix).where('m.emailNormalized', 'like', likePrefix(filter.emailPrefix));
  }
  if (filter.after !== undefined) query = query.where('m.emailNormalized', '>', filter.after);
  return query.orderBy('m.emailNormalized').limit(filter.limit).execute();
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
