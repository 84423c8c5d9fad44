import type { Db } from '../../storage/db.ts';
import { findLiveTokensByHash, touchToken, type LiveTokenWithOrg } from '../../storage/api-tokens.ts';
import type { Actor } from '../actor.ts';
import type { Joinable } from '../coalesce.ts';
import { coalescerPerDatabase } from '../database-coalescer.ts';
import { hashSecret } from '../secrets.ts';
import { connectionDropped } from '../../storage/connection-errors.ts';

/** lastUsedAt is kept to the minute: a token in constant use writes at most once a minute. */
const TOUCH_EVERY_MS = 60_000;

/** One request's token lookup, waiting to share a statement with others. */
interface Lookup extends Joinable {
  hash: string;
  found?: LiveTokenWithOrg | undefined;
}

/** Token lookups under way at once (bench/RESULTS.md: "lookups that arrive while two are being read"). */
export const SHARED_LOOKUPS = 2;

/**
 * Token lookups that arrive while others are being read share the next statement (coalesce.ts):
 * under load each request's lookup was a round trip of its own, the largest share of a single
 * invite's round trips once invites share their transactions. A lookup always starts after its
 * request arrived, so a token revoked before that is never accepted. When the statement's connection
 * dropped, each lookup runs again alone, as each would have met it alone on a connection of its
 * own; an error the database answered (a timeout, say) is the same for all.
 */
const lookupsOf = coalescerPerDatabase<Lookup>(() => ({ runs: SHARED_LOOKUPS, size: 64, rerunAlone: connectionDropped }));

async function findLiveToken(db: Db, hash: string): Promise<LiveTokenWithOrg | undefined> {
  const lookup: Lookup = { size: 1, keys: [], hash };
  await lookupsOf(db)('token', lookup, async (calls) => {
    const found = await findLiveTokensByHash(db, [...new Set(calls.map((c) => c.hash))]);
    for (const c of calls) c.found = found.get(c.hash);
  });
  return lookup.found;
}

/** The actor behind an API token (with its organization's row), looked up by hash; undefined when unknown or revoked. */
export async function authenticateApiToken(db: Db, token: string): Promise<Extract<Actor, { kind: 'token' }> | undefined> {
  if (token.length > 200) return undefined;
  const row = await findLiveToken(db, hashSecret(token).toString('hex'));
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) await touchToken(db, row.orgId, row.id);
  return { kind: 'token', tokenId: row.id, orgId: row.orgId, scope: row.scope, name: `API token "${row.name}"`, org: row.org };
}
