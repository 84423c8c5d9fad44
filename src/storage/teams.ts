import { sql } from 'kysely';
import type { NamedRow } from './apps.ts';
import type { Db } from './db.ts';

export type TeamRow = NamedRow;

/** Every team of the organization with its member count, by name, in one statement. */
export async function selectTeamsWithCounts(db: Db, orgId: string): Promise<(TeamRow & { memberCount: number })[]> {
  const rows = await db
    .selectFrom('teams as t')
    .leftJoin('team_members as tm', (join) => join.onRef('tm.orgId', '=', 't.orgId').onRef('tm.teamId', '=', 't.id'))
    .select(['t.id', 't.name', 't.createdAt', (eb) => eb.fn.count<number>('tm.memberId').as('memberCount')])
    .where('t.orgId', '=', orgId)
    .groupBy(['t.id', 't.name', 't.createdAt'])
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

/** Which of these ids are teams of the organization. */
export async function findTeamIds(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('teams').select('id').where('orgId', '=', orgId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Makes the member belong to exactly these teams. Ids that are not (or no longer) teams of the
 * organization are skipped, so a concurrent team deletion cannot fail the write.
 */
export async function replaceMemberTeams(db: Db, orgId: string, memberId: string, teamIds: readonly string[]): Promise<void> {
  await db.deleteFrom('team_members').where('orgId', '=', orgId).where('memberId', '=', memberId).execute();
  if (teamIds.length === 0) return;
  await sql`
    insert into team_members (org_id, team_id, member_id)
    select org_id, id, ${memberId}::uuid from teams where org_id = ${orgId}::uuid and id = any(${teamIds}::uuid[])
  `.execute(db);
}

/** Adds each of these members to each of these teams (keeping other memberships), in one statement. */
export async function addMembersToTeams(db: Db, orgId: string, memberIds: readonly string[], teamIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0 || teamIds.length === 0) return;
  await sql`
    insert into team_members (org_id, team_id, member_id)
    select t.org_id, t.id, m from teams t cross join unnest(${memberIds}::uuid[]) as m
    where t.org_id = ${orgId}::uuid and t.id = any(${teamIds}::uuid[])
    on conflict do nothing
  `.execute(db);
}
