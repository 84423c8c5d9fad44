import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { OrganizationsTable } from './schema.ts';

export type OrganizationRow = Selectable<OrganizationsTable>;

/** The organization with this id, or undefined. */
export async function findOrganizationById(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The organization with this slug (compared lower-cased), or undefined. */
export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('slug', '=', slug.toLowerCase()).executeTakeFirst();
}

/** The organization row locked FOR UPDATE until the transaction ends, or undefined. */
export async function lockOrganizationRow(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The organization row held FOR SHARE until the transaction ends (shared holds do not wait for one another), or undefined. */
export async function holdOrganizationRow(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).forShare().executeTakeFirst();
}
