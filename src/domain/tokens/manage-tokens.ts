import { findToken, revokeLiveToken, selectTokens, type TokenRow } from '../../storage/api-tokens.ts';
import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';
import { nameActors } from '../audit/actor-names.ts';

/** A token as shown to admins: who created it, also readable. */
export interface TokenView extends TokenRow {
  createdByName: string | null;
}

/**
 * The organization's API tokens, revoked ones included, newest first, with their creators' names
 * (admins only); never a secret or hash.
 */
export async function listApiTokens(db: Db, access: OrgAccess): Promise<TokenView[]> {
  requireAdmin(access);
  const tokens = await selectTokens(db, access.orgId);
  const names = await nameActors(db, tokens.map((t) => t.createdBy));
  return tokens.map((t) => ({ ...t, createdByName: t.createdBy === null ? null : (names.get(t.createdBy) ?? null) }));
}

/**
 * Revokes an API token (admins only): from the commit on, it answers 401. Revoking a revoked token
 * changes nothing; an id of another organization answers token_not_found. Audited.
 */
export async function revokeApiToken(db: Db, access: OrgAccess, id: string): Promise<TokenRow> {
  requireAdmin(access);
  if (!isId(id)) throw new DomainError('token_not_found');
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeLiveToken(trx, access.orgId, id);
    if (!revoked) {
      const existing = await findToken(trx, access.orgId, id);
      if (!existing) throw new DomainError('token_not_found');
      return existing;
    }
    await recordAudit(trx, [
      { orgId: access.orgId, actor: actorRef(access.actor), action: 'api_token.revoked', target: `api_token:${id}`, data: { name: revoked.name, scope: revoked.scope } },
    ]);
    return revoked;
  });
}
