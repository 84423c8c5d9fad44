import { sql } from 'kysely';
import type { Db } from './db.ts';
import { INVITATION_LINK_KINDS } from './invitation-counts.ts';


export interface RequeuedNotification {
  id: string;
  channel: 'email' | 'slack' | 'webhook';
  kind: string;
  recipient: string;
}

/**
 * Puts a failed message of the organization back in the queue, due now, with its attempts reset;
 * undefined when there is no such failed message that can be sent again (unknown here, not
 * failed, or one that carried an invitation link). Settled by the row's own status.
 */
export async function requeueFailedNotification(db: Db, orgId: string, id: string): Promise<RequeuedNotification | undefined> {
  return db
    .updateTable('notifications')
    .set({ status: 'queued', attempts: 0, lastError: null, runAfter: sql<Date>`now()`, lockedUntil: null })
    .where('orgId', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .where('kind', 'not in', INVITATION_LINK_KINDS)
    .returning(['id', 'channel', 'kind', 'recipient'])
    .executeTakeFirst();
}

/** One message of the organization (what may be shown: never its payload), or undefined. */
export async function findNotificationSummary(db: Db, orgId: string, id: string) {
  return db.selectFrom('notifications').select(['id', 'channel', 'kind', 'status']).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
}
