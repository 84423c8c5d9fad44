import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { isInstanceAdmin } from '../../storage/instance-admins.ts';
import { insertActiveMember } from '../../storage/members.ts';
import { insertOrganization } from '../../storage/organizations.ts';
import type { MemberSource } from '../../storage/schema.ts';
import { actorRef, type Actor } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import type { Organization } from './organization.ts';

export interface CreateOrganizationInput {
  slug: string;
  name: string;
  /** The account that becomes the first admin. */
  admin: { accountId: string; email: string; name: string };
  source: MemberSource;
}

export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Creates an organization whose first admin is the given account, already active. */
export async function createOrganization(
  db: Db,
  actor: Actor,
  input: CreateOrganizationInput,
): Promise<{ org: Organization; adminMemberId: string }> {
  if (!SLUG.test(input.slug)) throw new DomainError('validation_failed', 'slug: use lower-case letters, digits and dashes (1–63 characters).');
  if (!input.name.trim() || input.name.length > 200) throw new DomainError('validation_failed', 'name: give 1 to 200 characters.');
  const email = checkEmail(input.admin.email);
  if (!email.ok) throw new DomainError('invalid_email', `The admin email ${email.reason}.`);
  return db.transaction().execute(async (trx) => {
    const org = await insertOrganization(trx, { slug: input.slug, name: input.name.trim() });
    if (!org) throw new DomainError('org_slug_taken', `An organization with the slug "${input.slug}" already exists.`);
    const memberId = await insertActiveMember(trx, {
      orgId: org.id,
      email: email.email.display,
      emailNormalized: email.email.normalized,
      name: input.admin.name || null,
      role: 'admin',
      accountId: input.admin.accountId,
      source: input.source,
      invitedBy: actorRef(actor),
    });
    await recordAudit(trx, [
      { orgId: org.id, actor: actorRef(actor), action: 'organization.created', target: `organization:${org.id}`, data: { slug: org.slug } },
      { orgId: org.id, actor: actorRef(actor), action: 'member.joined', target: `member:${memberId}`, data: { role: 'admin' } },
    ]);
    return { org, adminMemberId: memberId };
  });
}

/** Who may create organizations through the API (the operator's switches, ORG_CREATION and INSTANCE_ADMIN_EMAILS). */
export interface OrgCreationPolicy {
  orgCreation: 'admins' | 'anyone';
  /** Normalized addresses whose verified accounts are instance admins. */
  instanceAdminEmails: readonly string[];
}

type AccountActor = Extract<Actor, { kind: 'account' }>;

/**
 * An instance admin: an account made (or named) by `guestlist bootstrap`, or a verified account
 * whose address the operator listed. An unverified address proves nothing, so it never counts.
 */
async function isInstanceAdminAccount(db: Db, actor: AccountActor, policy: OrgCreationPolicy): Promise<boolean> {
  const email = checkEmail(actor.email);
  if (actor.emailVerified && email.ok && policy.instanceAdminEmails.includes(email.email.normalized)) return true;
  return isInstanceAdmin(db, actor.accountId);
}

/** Whether this account may create organizations (the console shows or hides the action by it). */
export async function mayCreateOrganizations(db: Db, actor: AccountActor, policy: OrgCreationPolicy): Promise<boolean> {
  return policy.orgCreation === 'anyone' || isInstanceAdminAccount(db, actor, policy);
}

/**
 * A signed-in account creates an organization and becomes its first admin, if the instance lets
 * it: anyone with ORG_CREATION=anyone, otherwise only instance admins (org_creation_restricted).
 */
export async function createOrganizationForAccount(
  db: Db,
  actor: AccountActor,
  input: { slug: string; name: string; source: MemberSource },
  policy: OrgCreationPolicy,
): Promise<{ org: Organization; adminMemberId: string }> {
  if (!(await mayCreateOrganizations(db, actor, policy))) throw new DomainError('org_creation_restricted');
  return createOrganization(db, actor, { ...input, admin: { accountId: actor.accountId, email: actor.email, name: actor.name } });
}
