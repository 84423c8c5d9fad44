import { sql } from 'kysely';
import type { Db } from '../../storage/db.ts';
import type { Actor } from '../actor.ts';
import { hashSecret } from '../secrets.ts';

/** The actor behind an API token, looked up by hash; undefined when unknown or revoked. */
export async function authenticateApiToken(db: Db, token: string): Promise<Extract<Actor, { kind: 'token' }> | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'orgId', 'scope', 'name', 'lastUsedAt'])
    .where('tokenHash', '=', hashSecret(token))
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await sql`update api_tokens set last_used_at = now() where org_id = ${row.orgId}::uuid and id = ${row.id}::uuid`.execute(db);
  }
  return { kind: 'token', tokenId: row.id, orgId: row.orgId, scope: row.scope, name: `API token "${row.name}"` };
}
