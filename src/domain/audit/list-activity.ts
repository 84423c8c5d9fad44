import type { Db } from '../../storage/db.ts';
import { selectAuditEvents, type AuditEventRow, type TimeKey } from '../../storage/audit-list.ts';
import { selectNotifications, type NotificationRow } from '../../storage/notifications-list.ts';
import type { NotificationStatus } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';

export interface ActivityPage<T> {
  items: T[];
  /** Where the next page starts, or undefined on the last page. */
  next: TimeKey | undefined;
}

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;

function checkKey(key: TimeKey | undefined): void {
  if (key && (!isId(key.id) || !PG_TIMESTAMP.test(key.time))) throw new DomainError('validation_failed', 'query.cursor: not a cursor this API gave out.');
}

function page<T extends { id: string; timeKey: string }>(rows: T[], limit: number): ActivityPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { time: last.timeKey, id: last.id } : undefined };
}

/** Who did what, newest first, keyset-paginated on (at, id) (admins only); `action` filters exactly. */
export async function listAuditEvents(
  db: Db,
  access: OrgAccess,
  query: { action?: string | undefined; after?: TimeKey | undefined; limit: number },
): Promise<ActivityPage<AuditEventRow>> {
  requireAdmin(access);
  checkKey(query.after);
  return page(await selectAuditEvents(db, access.orgId, { ...query, limit: query.limit + 1 }), query.limit);
}

/**
 * What was queued, sent, failed or suppressed, newest first, keyset-paginated on (createdAt, id)
 * (admins only). Payloads are never read: they carry invitation links.
 */
export async function listNotifications(
  db: Db,
  access: OrgAccess,
  query: { status?: NotificationStatus | undefined; after?: TimeKey | undefined; limit: number },
): Promise<ActivityPage<NotificationRow>> {
  requireAdmin(access);
  checkKey(query.after);
  return page(await selectNotifications(db, access.orgId, { ...query, limit: query.limit + 1 }), query.limit);
}
