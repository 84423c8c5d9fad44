import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Indexes for the Users list, which is always read in (org_id, email_normalized) order: one per
 * filter in that order (status, role), so a filtered page is an index range, not a walk past
 * every member who does not match; and the lower-cased name in byte order for the name-prefix
 * search (the email prefix uses the (org_id, email_normalized) key). The latest invitation of a
 * member, read for every listed pending member, comes from an index in exactly that order
 * (created_at desc, id desc), without a sort; it replaces the one without the id. A member's
 * teams are found by member (the key starts with the team). Measured by bench:members-list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create index members_org_status_email on members (org_id, status, email_normalized);
    create index members_org_role_email on members (org_id, role, email_normalized);
    create index members_org_name on members (org_id, (lower(name) collate "C"));
    create index invitations_member_latest on invitations (org_id, member_id, created_at desc, id desc);
    drop index invitations_member;
    create index team_members_member on team_members (org_id, member_id);
  `,
  );
}
