import type { Db } from '../../storage/db.ts';
import type { OrganizationsTable } from '../../storage/schema.ts';
import type { Selectable } from 'kysely';
import type { Actor, OrgAccess } from '../actor.ts';
import { isId } from '../../storage/ids.ts';
import { DomainError } from '../errors.ts';

export type Organization = Selectable<OrganizationsTable>;

export { isId };

/** Finds an organization by slug or id. */
export async function findOrganization(db: Db, ref: string): Promise<Organization | undefined> {
  const query = db.selectFrom('organizations').selectAll();
  return isId(ref)
    ? query.where('id', '=', ref).executeTakeFirst()
    : query.where('slug', '=', ref.toLowerCase()).executeTakeFirst();
}

/**
 * Resolves what an actor may do in an organization. An organization the actor cannot see answers
 * org_not_found, exactly like one that does not exist.
 */
export async function getOrgAccess(db: Db, ref: string, actor: Actor): Promise<{ org: Organization; access: OrgAccess }> {
  const org = await findOrganization(db, ref);
  if (!org) throw new DomainError('org_not_found');
  if (actor.kind === 'system') return { org, access: { orgId: org.id, actor, role: 'admin' } };
  if (actor.kind === 'token') {
    if (actor.orgId !== org.id || actor.scope === 'scim') throw new DomainError('org_not_found');
    return { org, access: { orgId: org.id, actor, role: actor.scope === 'admin' ? 'admin' : 'member' } };
  }
  const member = await db
    .selectFrom('members')
    .select('role')
    .where('orgId', '=', org.id)
    .where('accountId', '=', actor.accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!member) throw new DomainError('org_not_found');
  return { org, access: { orgId: org.id, actor, role: member.role } };
}

/** The organization row locked for the rest of the transaction (serializes admin-count checks). */
export async function lockOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).forUpdate().executeTakeFirst();
  if (!org) throw new DomainError('org_not_found');
  return org;
}

/** The organization's current row (settings as of now), or org_not_found. */
export async function readOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new DomainError('org_not_found');
  return org;
}

/**
 * The organization's settings, held (FOR SHARE) until the transaction ends: a concurrent change of
 * settings waits, so messages queued here cannot slip past a mute that commits meanwhile (R5).
 * Shared holds do not wait for one another.
 */
export async function holdOrganizationSettings(db: Db, orgId: string): Promise<Organization> {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).forShare().executeTakeFirst();
  if (!org) throw new DomainError('org_not_found');
  return org;
}
