import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import { AUDIT_ITEMS_SHOWN } from './audit.ts';

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

export interface AuditFilter {
  /** Exact action, e.g. `member.updated`. */
  action?: string | undefined;
  /** Exact actor reference, e.g. `account:<id>`. */
  actor?: string | undefined;
  after?: TimeKey | undefined;
  limit: number;
}

/** An event's data, with a batch event's items cut to the first AUDIT_ITEMS_SHOWN (its count says how many). */
function shownData() {
  return sql<Record<string, unknown>>`case when jsonb_typeof(data->'items') = 'array'
    then jsonb_set(data, '{items}', jsonb_path_query_array(data->'items', ${`$[0 to ${AUDIT_ITEMS_SHOWN - 1}]`}::jsonpath)) else data end`;
}

/** A page of the organization's audit events, newest first (each filter has its own index). */
export async function selectAuditEvents(db: Db, orgId: string, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_events')
    .select(['id', 'actor', 'action', 'target', 'at', timeKeyOf('at').as('timeKey')])
    .select(shownData().as('data'))
    .where('orgId', '=', orgId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.after) query = query.where(beforeTimeKey('at', filter.after));
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export type AuditEventRow = Awaited<ReturnType<typeof selectAuditEvents>>[number];

/**
 * Up to `limit` distinct values of `column` in the organization's audit log, in order. Each step
 * jumps to the next value through the (org_id, column, ...) index (a loose index scan), so the
 * cost follows the number of distinct values, not the length of the log.
 */
export async function selectDistinctAuditValues(db: Db, orgId: string, column: 'action' | 'actor', limit: number): Promise<string[]> {
  const col = sql.ref(column);
  const result = await sql<{ value: string }>`
    with recursive v(value, n) as (
      (select ${col}, 1 from audit_events where org_id = ${orgId}::uuid order by ${col} limit 1)
      union all
      select (select ${col} from audit_events where org_id = ${orgId}::uuid and ${col} > v.value order by ${col} limit 1), v.n + 1
      from v where v.value is not null and v.n < ${limit}
    )
    select value from v where value is not null
  `.execute(db);
  return result.rows.map((r) => r.value);
}
