import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
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
    const org = await trx
      .insertInto('organizations')
      .values({ slug: input.slug, name: input.name.trim(), slackWebhookUrl: null })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!org) throw new DomainError('org_slug_taken', `An organization with the slug "${input.slug}" already exists.`);
    const member = await trx
      .insertInto('members')
      .values({
        orgId: org.id,
        email: email.email.display,
        emailNormalized: email.email.normalized,
        name: input.admin.name || null,
        role: 'admin',
        status: 'active',
        accountId: input.admin.accountId,
        source: input.source,
        invitedBy: actorRef(actor),
        joinedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, [
      { orgId: org.id, actor: actorRef(actor), action: 'organization.created', target: `organization:${org.id}`, data: { slug: org.slug } },
      { orgId: org.id, actor: actorRef(actor), action: 'member.joined', target: `member:${member.id}`, data: { role: 'admin' } },
    ]);
    return { org, adminMemberId: member.id };
  });
}
