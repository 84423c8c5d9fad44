import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Indexes for the console's people counts and the invitations list filtered by status: members by
 * (org, status), and invitations by (org, status) in the list's newest-first order with the expiry
 * alongside, so counting by status and a status-filtered page (effective status included) read
 * the index alone, whatever share of the organization the status has.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create index members_org_status on members (org_id, status);
    create index invitations_org_status_created on invitations (org_id, status, created_at desc, id desc) include (expires_at);
  `,
  );
}
