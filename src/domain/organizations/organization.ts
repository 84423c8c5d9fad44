import type { Db } from '../../storage/db.ts';
import { isId } from '../../storage/ids.ts';
import { findActiveRole } from '../../storage/memberships.ts';
import {
  findOrganizationById,
  findOrganizationBySlug,
  holdOrganizationRow,
  holdFreeOrganizationRowWithSends,
  lockOrganizationRow,
  type OrganizationRow,
} from '../../storage/organizations.ts';
import type { Actor, OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';

export type Organization = OrganizationRow;

export { isId };

/** Finds an organization by slug or id. */
export async function findOrganization(db: Db, ref: string): Promise<Organization | undefined> {
  return isId(ref) ? findOrganizationById(db, ref) : findOrganizationBySlug(db, ref);
}

/** The organization when `ref` is its id or slug (slugs compare lower-cased, as findOrganization does). */
function namedBy(org: Organization | undefined, ref: string): Organization | undefined {
  return org && (isId(ref) ? org.id === ref : org.slug === ref.toLowerCase()) ? org : undefined;
}

/**
 * Resolves what an actor may do in an organization. An organization the actor cannot see answers
 * org_not_found, exactly like one that does not exist.
 */
export async function getOrgAccess(db: Db, ref: string, actor: Actor): Promise<{ org: Organization; access: OrgAccess }> {
  const org = (actor.kind === 'token' && namedBy(actor.org, ref)) || (await findOrganization(db, ref));
  if (!org) throw new DomainError('org_not_found');
  if (actor.kind === 'system') return { org, access: { orgId: org.id, actor, role: 'admin' } };
  if (actor.kind === 'token') {
    if (actor.orgId !== org.id || actor.scope === 'scim') throw new DomainError('org_not_found');
    return { org, access: { orgId: org.id, actor, role: actor.scope === 'admin' ? 'admin' : 'member' } };
  }
  const role = await findActiveRole(db, org.id, actor.accountId);
  if (!role) throw new DomainError('org_not_found');
  return { org, access: { orgId: org.id, actor, role } };
}

/** The organization row locked for the rest of the transaction (serializes admin-count checks). */
export async function lockOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await lockOrganizationRow(db, orgId);
  if (!org) throw new DomainError('org_not_found');
  return org;
}

/** The organization's current row (settings as of now), or org_not_found. */
export async function readOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await findOrganizationById(db, orgId);
  if (!org) throw new DomainError('org_not_found');
  return org;
}

/**
 * The organization's settings, held (FOR SHARE) until the transaction ends: a concurrent change of
 * settings waits, so messages queued here cannot slip past a mute that commits meanwhile (R5).
 * Shared holds do not wait for one another.
 */
export async function holdOrganizationSettings(db: Db, orgId: string): Promise<Organization> {
  const org = await holdOrganizationRow(db, orgId);
  if (!org) throw new DomainError('org_not_found');
  return org;
}

/**
 * holdOrganizationSettings for a transaction that may send invitations, with the invitation emails
 * the organization queued in the last 24 hours when they could be read in the same statement (no
 * change of the organization was under way): the daily cap's first count without a round trip of
 * its own. While a change holds the organization, this waits for it as holdOrganizationSettings
 * does, and `sentLastDay` is left for the cap to count.
 */
export async function holdOrganizationForSending(db: Db, orgId: string): Promise<{ org: Organization; sentLastDay?: number }> {
  return (await holdFreeOrganizationRowWithSends(db, orgId)) ?? { org: await holdOrganizationSettings(db, orgId) };
}
