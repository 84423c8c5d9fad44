import type { Db } from './db.ts';
import type { GraphqlRole } from './schema.ts';

/** The id of the organization's member with this normalized address, if any. */
export async function findMemberIdByEmail(db: Db, orgId: string, emailNormalized: string): Promise<string | undefined> {
  const row = await db.selectFrom('members').select('id').where('orgId', '=', orgId).where('emailNormalized', '=', emailNormalized).executeTakeFirst();
  return row?.id;
}

/** Keeps the role a GraphQL client wrote for the member, so it reads back as written (migration 016). */
export async function setGraphqlRole(db: Db, orgId: string, memberId: string, role: GraphqlRole): Promise<void> {
  await db.updateTable('members').set({ graphqlRole: role }).where('orgId', '=', orgId).where('id', '=', memberId).execute();
}
