import type { Db } from './db.ts';
import { grantAppAccess } from './members.ts';
import type { AppRole } from './schema.ts';

/** An app or team row: both are just a name, unique per organization. */
export interface NamedRow {
  id: string;
  name: string;
  createdAt: Date;
}

export type AppRow = NamedRow;

/** Tables of resources that are just a name, unique per organization. */
export type NamedTable = 'apps' | 'teams';

/** Creates an app or team; undefined when the organization already has one of that name. */
export async function insertNamed(db: Db, table: NamedTable, orgId: string, name: string): Promise<NamedRow | undefined> {
  return db
    .insertInto(table)
    .values({ orgId, name })
    .onConflict((oc) => oc.columns(['orgId', 'name']).doNothing())
    .returning(['id', 'name', 'createdAt'])
    .executeTakeFirst();
}

/** Deletes an app or team (their grants or memberships go with it); undefined when not in this organization. */
export async function deleteNamed(db: Db, table: NamedTable, orgId: string, id: string): Promise<NamedRow | undefined> {
  return db.deleteFrom(table).where('orgId', '=', orgId).where('id', '=', id).returning(['id', 'name', 'createdAt']).executeTakeFirst();
}

/** Which of these app ids are apps of the organization (ids must be well-formed uuids). */
export async function findAppIds(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('apps').select('id').where('orgId', '=', orgId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Every app of the organization, by name. */
export async function selectApps(db: Db, orgId: string): Promise<AppRow[]> {
  return db.selectFrom('apps').select(['id', 'name', 'createdAt']).where('orgId', '=', orgId).orderBy('name').execute();
}

/** The apps given to the member behind this account, with the app role given, by name. */
export async function selectAppsOfAccount(db: Db, orgId: string, accountId: string): Promise<(AppRow & { appRole: AppRole })[]> {
  return db
    .selectFrom('apps as a')
    .innerJoin('app_access as aa', (join) => join.onRef('aa.orgId', '=', 'a.orgId').onRef('aa.appId', '=', 'a.id'))
    .innerJoin('members as m', (join) => join.onRef('m.orgId', '=', 'aa.orgId').onRef('m.id', '=', 'aa.memberId'))
    .select(['a.id', 'a.name', 'a.createdAt', 'aa.appRole'])
    .where('a.orgId', '=', orgId)
    .where('m.accountId', '=', accountId)
    .orderBy('a.name')
    .execute();
}

/** Replaces a member's app access with exactly these grants (app ids must be distinct). */
export async function replaceMemberApps(db: Db, orgId: string, memberId: string, apps: readonly { appId: string; appRole: AppRole }[]): Promise<void> {
  await db.deleteFrom('app_access').where('orgId', '=', orgId).where('memberId', '=', memberId).execute();
  await grantAppAccess(db, orgId, [memberId], apps);
}
