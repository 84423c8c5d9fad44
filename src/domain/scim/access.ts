import type { Actor, OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';

/**
 * What a SCIM caller may do: only an API token of scope `scim` provisions, and it provisions in its
 * own organization as an administrator would (it can do nothing else: REST and GraphQL refuse it).
 */
export function scimAccess(actor: Actor | undefined): OrgAccess {
  if (!actor || actor.kind !== 'token') throw new DomainError('unauthenticated', 'Send an API token of scope scim as a Bearer token.');
  if (actor.scope !== 'scim') throw new DomainError('forbidden', `This API token has scope ${actor.scope}; SCIM needs a token of scope scim.`);
  return { orgId: actor.orgId, actor, role: 'admin' };
}
