import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * The bell's accept and decline find an invitation by its id and the signed-in person's address
 * (any organization, any status: an answered one must still say so). The address index covered
 * pending invitations only, so the lookup read the whole table (67 ms at 1,000,000 rows). Every new
 * invitation is pending, so indexing every row costs an invite nothing more; the bell's list of
 * pending invitations still reads only the person's own rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create index invitations_email on invitations (email_normalized);
    drop index invitations_pending_email;
  `,
  );
}
