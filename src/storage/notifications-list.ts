import { sql } from 'kysely';
import type { Db } from './db.ts';
import { beforeTimeKey, timeKeyOf, type TimeKey } from './audit-list.ts';
import type { NotificationStatus } from './schema.ts';

/**
 * A page of the organization's notifications, newest first. Of the payload only the invitation id
 * is read; the rest is never selected (it holds invitation links).
 */
export async function selectNotifications(
  db: Db,
  orgId: string,
  filter: { status?: NotificationStatus | undefined; after?: TimeKey | undefined; limit: number },
) {
  let query = db
    .selectFrom('notifications')
    .select([
      'id', 'channel', 'kind', 'recipient', 'status', 'attempts', 'lastError', 'createdAt', 'sentAt', timeKeyOf('created_at').as('timeKey'),
      sql<string | null>`payload->>'invitationId'`.as('invitationId'),
    ])
    .where('orgId', '=', orgId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after) query = query.where(beforeTimeKey('created_at', filter.after));
  return query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export type NotificationRow = Awaited<ReturnType<typeof selectNotifications>>[number];
