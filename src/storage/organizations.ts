import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import { invitationEmailsLastDay } from './invitation-counts.ts';
import type { OrganizationsTable } from './schema.ts';

export type OrganizationRow = Selectable<OrganizationsTable>;

/**
 * Every column, named: a statement with `*` is not kept prepared inside a transaction (see
 * prepared-statements.ts), and the organization is read at the start of most writes. A column
 * missing here fails to compile (the functions below return the whole row).
 */
export const organizationColumns = [
  'id', 'slug', 'name', 'notificationsEnabled', 'invitationRequestsEnabled', 'invitationTtlDays',
  'slackWebhookUrl', 'createdAt', 'invitationRequestDomains', 'requestsAnnouncedAt',
] as const satisfies readonly (keyof OrganizationsTable)[];

/** The organization with this id, or undefined. */
export async function findOrganizationById(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').select(organizationColumns).where('id', '=', id).executeTakeFirst();
}

/** The organization with this slug (compared lower-cased), or undefined. */
export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').select(organizationColumns).where('slug', '=', slug.toLowerCase()).executeTakeFirst();
}

/** The organization row locked FOR UPDATE until the transaction ends, or undefined. */
export async function lockOrganizationRow(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').select(organizationColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The organization row's key held (FOR KEY SHARE) until the transaction ends: what inserting an
 * audit row takes anyway (migration 012's trigger), taken first, so a change that locks a member
 * after it keeps the one order, organization then member. It waits only for a FOR UPDATE holder.
 */
export async function holdOrganizationKey(db: Db, id: string): Promise<void> {
  await db.selectFrom('organizations').select('id').where('id', '=', id).forKeyShare().executeTakeFirst();
}

/** The organization row held FOR SHARE until the transaction ends (shared holds do not wait for one another), or undefined. */
export async function holdOrganizationRow(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').select(organizationColumns).where('id', '=', id).forShare().executeTakeFirst();
}

/**
 * The organization row held FOR SHARE, but only if no other transaction holds it for a change right
 * now (SKIP LOCKED), with the invitation emails it queued in the last 24 hours: one round trip where
 * holding and counting take two. Undefined when the row is held by a change (or does not exist):
 * the caller then waits with holdOrganizationRow. The row comes back as of the hold (a mute that
 * committed meanwhile is seen), the count as of the statement's start: a change that held the row
 * and committed sends in the instant between the two is not counted. Only SCIM changes do that, one
 * email each, and the count is used where a send is at least 1,000 below the cap (holdDailyLimit
 * counts again, serialized, closer to it).
 */
export async function holdFreeOrganizationRowWithSends(db: Db, id: string): Promise<{ org: OrganizationRow; sentLastDay: number } | undefined> {
  const row = await db
    .selectFrom('organizations')
    .select(organizationColumns)
    .select(invitationEmailsLastDay(id).as('sentLastDay'))
    .where('id', '=', id)
    .forShare()
    .skipLocked()
    .executeTakeFirst();
  if (!row) return undefined;
  const { sentLastDay, ...org } = row;
  return { org, sentLastDay };
}

/** Whether any organization exists (an empty database is a first start). */
export async function anyOrganizationExists(db: Db): Promise<boolean> {
  return (await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** A new organization, or undefined when the slug is taken (settled by the unique index). */
export async function insertOrganization(db: Db, values: { slug: string; name: string }): Promise<OrganizationRow | undefined> {
  return db
    .insertInto('organizations')
    .values({ slug: values.slug, name: values.name, slackWebhookUrl: null })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning(organizationColumns)
    .executeTakeFirst();
}

/** Writes the given settings columns (at least one) and returns the row (the caller holds it locked). */
export async function updateOrganizationRow(db: Db, id: string, changes: Partial<Omit<OrganizationRow, 'id' | 'createdAt' | 'slug'>>): Promise<OrganizationRow> {
  return db.updateTable('organizations').set(changes).where('id', '=', id).returning(organizationColumns).executeTakeFirstOrThrow();
}
