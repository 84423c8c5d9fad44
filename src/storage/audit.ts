import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';

export interface AuditEntry {
  orgId: string;
  actor: string;
  action: string;
  target: string | null;
  data?: Record<string, unknown>;
}

/** The INSERT recording these audit events (in their order), for writeTogether; undefined for none. */
export function auditInsert(entries: readonly AuditEntry[]): RawBuilder<unknown> | undefined {
  if (entries.length === 0) return undefined;
  return sql`
    insert into audit_events (org_id, actor, action, target, data)
    select org_id, actor, action, target, data
    from json_to_recordset(${JSON.stringify(entries.map((e) => ({ org_id: e.orgId, actor: e.actor, action: e.action, target: e.target, data: e.data ?? {} })))}::json)
      as t(org_id uuid, actor text, action text, target text, data jsonb)
  `;
}

/** Records audit events in one statement, inside the caller's transaction. */
export async function recordAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  await auditInsert(entries)?.execute(db);
}

/** What one change did to one target, in a batch (see recordAuditBatch). */
export interface AuditItem {
  target: string;
  data: Record<string, unknown>;
}

/** How many items of a batch event a page of the audit log shows; `count` gives the total. */
export const AUDIT_ITEMS_SHOWN = 100;

/**
 * Records one change made to many targets at once (a bulk invite, a send to all pending) as one
 * event: `target` null and `data` = { count, items: [{ target, ...data }] }, so every target is
 * still named. A change to one target is an ordinary event. One row per target cost a 10,000-address
 * invite about a quarter of a second per action.
 */
export async function recordAuditBatch(db: Db, event: { orgId: string; actor: string; action: string }, items: readonly AuditItem[]): Promise<void> {
  await recordAudit(db, auditBatchEntries(event, items));
}

/**
 * The entries recordAuditBatch writes: none, one ordinary event, or one batch event. Statements
 * that audit the rows they write themselves build the same event with auditBatchEventSql.
 */
export function auditBatchEntries(event: { orgId: string; actor: string; action: string }, items: readonly AuditItem[]): AuditEntry[] {
  if (items.length === 0) return [];
  if (items.length === 1) return [{ ...event, target: items[0]!.target, data: items[0]!.data }];
  return [{ ...event, target: null, data: batchEventData(items) }];
}

/** A batch event's data: how many targets, and each with what was done to it, in the order given. */
export function batchEventData(items: readonly AuditItem[]): { count: number; items: Record<string, unknown>[] } {
  return { count: items.length, items: items.map((i) => ({ target: i.target, ...i.data })) };
}

/** Named SQL values: the keys and values of a JSON object built by the database. */
export type SqlFields = readonly (readonly [string, RawBuilder<unknown>])[];

/** `jsonb_build_object` of these keys and SQL values. */
export function jsonbObject(fields: SqlFields): RawBuilder<unknown> {
  return sql`jsonb_build_object(${sql.join(fields.map(([key, value]) => sql`${sql.lit(key)}::text, ${value}`))})`;
}

type BatchEventRow = { target: string | null; data: unknown; grp?: unknown };

/**
 * auditBatchEntries' event in SQL, for a statement that audits the rows it writes: a select of
 * (target, data) from `from`, one item a row (its `target`, its `data` fields, listed by `order`).
 * No row for no item, the item's own target and data for one, and target null with
 * { count, items: [{ target, ...data }] } for more: the shape auditBatchEntries gives, which
 * test/storage/audit-batch-shape.test.ts compares on the same items. With `group`, one such event
 * per distinct value of it (as `grp`, the rows of several callers' changes written together).
 *
 * `whole`: the event of one change (group 0) built beforehand, for when `from` holds exactly
 * `count` rows (a batch whose every row was written): its `data` (batchEventData's, as JSON, items
 * in `order`) is then read as one parameter and nothing is aggregated; otherwise the event is built
 * from the rows as above. Aggregating 5,000 items took the database about a fifth of a send-to-all
 * slice's statement; reading the same document, a quarter of that.
 */
export function auditBatchEventSql(
  from: RawBuilder<unknown>,
  item: { target: RawBuilder<string>; data: SqlFields; order: RawBuilder<unknown>; group?: RawBuilder<unknown>; whole?: { count: number; data: string } | undefined },
): RawBuilder<BatchEventRow> {
  const everyRow = (count: number) => sql`(select count(*) from ${from}) = ${count}::int`;
  const built = sql<BatchEventRow>`
    select ${item.group ? sql`${item.group} as grp, ` : sql``}case when count(*) = 1 then min(${item.target}) end as target,
      case when count(*) = 1 then (array_agg(${jsonbObject(item.data)}))[1]
        else jsonb_build_object('count', count(*), 'items', jsonb_agg(${jsonbObject([['target', item.target], ...item.data])} order by ${item.order})) end as data
    from ${from}
    ${item.whole ? sql`where not ${everyRow(item.whole.count)}` : sql``}
    ${item.group ? sql`group by ${item.group}` : sql`having count(*) > 0`}`;
  // The filter above stops the aggregate's input when the document applies: it aggregates nothing then.
  return item.whole
    ? sql<BatchEventRow>`select ${item.group ? sql`0 as grp, ` : sql``}null::text as target, ${item.whole.data}::jsonb as data where ${everyRow(item.whole.count)} union all ${built}`
    : built;
}

/**
 * auditBatchEntries for the items of several callers' changes made together (coalesce.ts): one
 * event per group, in group order, each as auditBatchEntries makes it for that group alone.
 */
export function auditGroupedEntries(event: { orgId: string; actor: string; action: string }, items: readonly (AuditItem & { group: number })[]): AuditEntry[] {
  const groups = new Map<number, AuditItem[]>();
  for (const { group, ...item } of items) {
    const list = groups.get(group);
    if (list) list.push(item);
    else groups.set(group, [item]);
  }
  return [...groups.keys()].sort((a, b) => a - b).flatMap((g) => auditBatchEntries(event, groups.get(g)!));
}
