import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * ANALYZE gathers no statistics on the columns no statement filters, joins or sorts by: the
 * outbox's payloads and recipients, the audit's data, a member's SCIM attributes (SCIM's `emails
 * eq` filter reads them inside an EXISTS over jsonb_array_elements, where column statistics play
 * no part). Sampling and sorting 30,000 JSON payloads was most of an outbox's ANALYZE (20,000
 * invitation emails: 148 ms against 33 ms without these on the embedded database, 127 against 32
 * on PostgreSQL), and the tables that grow with every invite are analyzed again and again while
 * they grow: on the embedded database each ANALYZE holds the server's one thread. The expression
 * `payload->>'invitationId'` of notifications_invitation goes the same way: it is only ever looked
 * up by equality with the rest of that index (the reminder's latest email), which the planner
 * takes by the index's shape whatever its estimate. A database that already had statistics on these
 * columns keeps them as they were (ANALYZE leaves a column with no target alone, and removing them
 * takes a superuser): they are used for no condition, only for row widths.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    alter table notifications alter column payload set statistics 0;
    alter table notifications alter column recipient set statistics 0;
    alter index notifications_invitation alter column 2 set statistics 0;
    alter table account_notifications alter column payload set statistics 0;
    alter table audit_events alter column data set statistics 0;
    alter table members alter column scim_attributes set statistics 0;
  `,
  );
}
