import { insertApiToken } from '../../storage/api-tokens.ts';
import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import type { TokenScope } from '../../storage/schema.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { nameActors } from '../audit/actor-names.ts';
import { requireAdmin } from '../organizations/access.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { TokenView } from './manage-tokens.ts';

export interface CreatedToken extends TokenView {
  /** The secret itself: returned once, stored only as its SHA-256. */
  token: string;
}

/** Creates an organization API token (admins only). */
export async function createApiToken(db: Db, access: OrgAccess, input: { name: string; scope: TokenScope }): Promise<CreatedToken> {
  requireAdmin(access);
  const token = newSecret('glt');
  return db.transaction().execute(async (trx) => {
    const createdBy = actorRef(access.actor);
    const row = await insertApiToken(trx, { orgId: access.orgId, name: input.name, scope: input.scope, tokenHash: hashSecret(token), createdBy });
    await recordAudit(trx, [
      { orgId: access.orgId, actor: createdBy, action: 'api_token.created', target: `api_token:${row.id}`, data: { name: row.name, scope: row.scope } },
    ]);
    return { ...row, lastUsedAt: null, revokedAt: null, createdBy, createdByName: (await nameActors(trx, [createdBy])).get(createdBy) ?? null, token };
  });
}
