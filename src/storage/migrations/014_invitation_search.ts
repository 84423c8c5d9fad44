import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * The invitations list searches by a prefix of the invitee's address, in address order and newest
 * first for each address. The address index gains the organization and the list's order, so a
 * search page is a walk of this index that stops at the page (with one organization fixed, its
 * entries are in exactly that order) instead of gathering and sorting every match. The bell's look-up
 * by address still uses its leading column; the index is replaced, not added, so an invite writes
 * no more index entries than before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create index invitations_email_search on invitations (email_normalized, org_id, created_at desc, id desc);
    drop index invitations_email;
  `,
  );
}
