import type { Db } from './db.ts';
import type { OrganizationRow } from './organizations.ts';
import type { TokenScope } from './schema.ts';

/** What may be shown about a token: never its hash (and the secret is never stored). */
export interface TokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
}

const tokenColumns = ['id', 'name', 'scope', 'createdAt', 'lastUsedAt', 'revokedAt', 'createdBy'] as const;

/** Stores a new API token by the hash of its secret; returns what may be shown about it. */
export async function insertApiToken(
  db: Db,
  token: { orgId: string; name: string; scope: TokenScope; tokenHash: Buffer; createdBy: string },
): Promise<{ id: string; name: string; scope: TokenScope; createdAt: Date }> {
  return db.insertInto('api_tokens').values(token).returning(['id', 'name', 'scope', 'createdAt']).executeTakeFirstOrThrow();
}

/** Every API token of the organization, revoked ones included, newest first. */
export async function selectTokens(db: Db, orgId: string): Promise<TokenRow[]> {
  return db.selectFrom('api_tokens').select(tokenColumns).where('orgId', '=', orgId).orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
}

/** One token of the organization, or undefined. */
export async function findToken(db: Db, orgId: string, id: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_tokens').select(tokenColumns).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Revokes a live token; undefined when it is unknown here or already revoked. */
export async function revokeLiveToken(db: Db, orgId: string, id: string): Promise<TokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revokedAt: new Date() })
    .where('orgId', '=', orgId)
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returning(tokenColumns)
    .executeTakeFirst();
}

/**
 * The live token with this hash, for authentication, with its organization's row read in the same
 * statement (the request then needs no second round trip to resolve the organization it names).
 */
export async function findLiveTokenByHash(db: Db, tokenHash: Buffer) {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('organizations as o', 'o.id', 't.orgId')
    .select(['t.id', 't.orgId', 't.scope', 't.name', 't.lastUsedAt'])
    .select(['o.slug', 'o.name as orgName', 'o.notificationsEnabled', 'o.invitationRequestsEnabled', 'o.invitationTtlDays', 'o.slackWebhookUrl', 'o.createdAt as orgCreatedAt', 'o.invitationRequestDomains', 'o.requestsAnnouncedAt'])
    .where('t.tokenHash', '=', tokenHash)
    .where('t.revokedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { slug, orgName, notificationsEnabled, invitationRequestsEnabled, invitationTtlDays, slackWebhookUrl, orgCreatedAt, invitationRequestDomains, requestsAnnouncedAt, ...token } = row;
  const org: OrganizationRow = {
    id: row.orgId, slug, name: orgName, notificationsEnabled, invitationRequestsEnabled, invitationTtlDays, slackWebhookUrl, createdAt: orgCreatedAt, invitationRequestDomains, requestsAnnouncedAt,
  };
  return { ...token, org };
}

/** Records use of a token (callers throttle this, so a busy token does not write on every call). */
export async function touchToken(db: Db, orgId: string, id: string): Promise<void> {
  await db.updateTable('api_tokens').set({ lastUsedAt: new Date() }).where('orgId', '=', orgId).where('id', '=', id).execute();
}
