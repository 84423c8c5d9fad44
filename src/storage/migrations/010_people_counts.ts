import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Indexes for the console's people counts and the invitations list filtered by status: invitations
 * by (org, status) in the list's newest-first order with the expiry alongside, so counting by
 * status and a status-filtered page (effective status included) read the index alone, whatever
 * share of the organization the status has. Members are counted by status through 009's
 * (org_id, status, email_normalized).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create index invitations_org_status_created on invitations (org_id, status, created_at desc, id desc) include (expires_at);
  `,
  );
}
