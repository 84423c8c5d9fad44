import { arrayLiteral } from './array-param.ts';
import type { Db } from './db.ts';
import type { OrganizationRow } from './organizations.ts';
import { runStatement } from './raw-statement.ts';
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

/** A live token as authentication reads it, with its organization's row. */
export type LiveTokenWithOrg = LiveToken & { org: OrganizationRow };

/**
 * The live tokens with these hashes (hex), for authentication, each with its organization's row
 * read in the same statement (a request then needs no second round trip to resolve the
 * organization it names), by hash. One statement serves one request's lookup or several at once.
 */
export async function findLiveTokensByHash(db: Db, tokenHashes: readonly string[]): Promise<Map<string, LiveTokenWithOrg>> {
  // Written as text (storage/raw-statement.ts): every token-authenticated request runs it.
  const rows = await runStatement<LiveToken & OrgColumns & { hash: string }>(db, TOKENS_BY_HASH, [arrayLiteral(tokenHashes)]);
  const found = new Map<string, LiveTokenWithOrg>();
  for (const row of rows) {
    const { hash, slug, orgName, notificationsEnabled, invitationRequestsEnabled, invitationTtlDays, slackWebhookUrl, orgCreatedAt, invitationRequestDomains, requestsAnnouncedAt, ...token } = row;
    const org: OrganizationRow = {
      id: row.orgId, slug, name: orgName, notificationsEnabled, invitationRequestsEnabled, invitationTtlDays, slackWebhookUrl, createdAt: orgCreatedAt, invitationRequestDomains, requestsAnnouncedAt,
    };
    found.set(hash, { ...token, org });
  }
  return found;
}

type LiveToken = Pick<TokenRow, 'id' | 'scope' | 'name' | 'lastUsedAt'> & { orgId: string };

/** The organization's columns as the statement below names them (every column: the type checks it). */
type OrgColumns = Omit<OrganizationRow, 'id' | 'name' | 'createdAt'> & { orgName: string; orgCreatedAt: Date };

const TOKENS_BY_HASH = `select t.id, t.org_id as "orgId", t.scope, t.name, t.last_used_at as "lastUsedAt", encode(t.token_hash, 'hex') as hash,
    o.slug, o.name as "orgName", o.notifications_enabled as "notificationsEnabled", o.invitation_requests_enabled as "invitationRequestsEnabled",
    o.invitation_ttl_days as "invitationTtlDays", o.slack_webhook_url as "slackWebhookUrl", o.created_at as "orgCreatedAt",
    o.invitation_request_domains as "invitationRequestDomains", o.requests_announced_at as "requestsAnnouncedAt"
  from api_tokens t join organizations o on o.id = t.org_id
  where t.token_hash = any(array(select decode(h, 'hex') from unnest($1::text[]) as h)) and t.revoked_at is null`;

/** Records use of a token (callers throttle this, so a busy token does not write on every call). */
export async function touchToken(db: Db, orgId: string, id: string): Promise<void> {
  await db.updateTable('api_tokens').set({ lastUsedAt: new Date() }).where('orgId', '=', orgId).where('id', '=', id).execute();
}
