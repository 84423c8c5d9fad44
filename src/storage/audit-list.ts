import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';

/**
 * A position in a newest-first list ordered by (time desc, id desc). `time` is the timestamp as
 * PostgreSQL prints it, so the microseconds a JavaScript Date would drop survive the round trip.
 */
export interface TimeKey {
  time: string;
  id: string;
}

/** The column's value in the form a TimeKey carries. */
export function timeKeyOf(column: 'at' | 'created_at'): RawBuilder<string> {
  return sql<string>`${sql.ref(column)}::text`;
}

/** Rows strictly after `key` in (column desc, id desc) order: a keyset over the (org_id, column desc, id desc) index. */
export function beforeTimeKey(column: 'at' | 'created_at', key: TimeKey): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)}, id) < (${key.time}::timestamptz, ${key.id}::uuid)`;
}

/** A page of the organization's audit events, newest first. */
export async function selectAuditEvents(db: Db, orgId: string, filter: { action?: string | undefined; after?: TimeKey | undefined; limit: number }) {
  let query = db
    .selectFrom('audit_events')
    .select(['id', 'actor', 'action', 'target', 'data', 'at', timeKeyOf('at').as('timeKey')])
    .where('orgId', '=', orgId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.after) query = query.where(beforeTimeKey('at', filter.after));
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export type AuditEventRow = Awaited<ReturnType<typeof selectAuditEvents>>[number];
