import type { Db } from '../../storage/db.ts';
import { findLiveTokenByHash, touchToken } from '../../storage/api-tokens.ts';
import type { Actor } from '../actor.ts';
import { hashSecret } from '../secrets.ts';

/** lastUsedAt is kept to the minute: a token in constant use writes at most once a minute. */
const TOUCH_EVERY_MS = 60_000;

/** The actor behind an API token (with its organization's row), looked up by hash; undefined when unknown or revoked. */
export async function authenticateApiToken(db: Db, token: string): Promise<Extract<Actor, { kind: 'token' }> | undefined> {
  if (token.length > 200) return undefined;
  const row = await findLiveTokenByHash(db, hashSecret(token));
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) await touchToken(db, row.orgId, row.id);
  return { kind: 'token', tokenId: row.id, orgId: row.orgId, scope: row.scope, name: `API token "${row.name}"`, org: row.org };
}
