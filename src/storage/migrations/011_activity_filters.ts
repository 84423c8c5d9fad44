import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * Indexes for the console's activity filters: the audit log by action and by actor, and the
 * notifications by status, each a keyset over (time desc, id desc) so a filtered page reads only
 * its own rows however long the history. The audit ones also let the list of actions and actors
 * be read by skipping from one distinct value to the next.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create index audit_events_org_action_at on audit_events (org_id, action, at desc, id desc);
    create index audit_events_org_actor_at on audit_events (org_id, actor, at desc, id desc);
    create index notifications_org_status_created on notifications (org_id, status, created_at desc, id desc);
  `,
  );
}
