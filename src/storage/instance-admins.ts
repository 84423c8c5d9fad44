import type { Db } from './db.ts';

/** Makes an account an instance admin; granting twice changes nothing. */
export async function grantInstanceAdmin(db: Db, accountId: string, grantedBy: string): Promise<void> {
  await db.insertInto('instance_admins').values({ accountId, grantedBy }).onConflict((oc) => oc.column('accountId').doNothing()).execute();
}

export async function isInstanceAdmin(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('instance_admins').select('accountId').where('accountId', '=', accountId).executeTakeFirst();
  return row !== undefined;
}
