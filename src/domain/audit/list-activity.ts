import type { Db } from '../../storage/db.ts';
import { selectAuditEvents, selectDistinctAuditValues, type AuditEventRow, type AuditFilter, type TimeKey } from '../../storage/audit-list.ts';
import { describeTargets } from '../../storage/audit-targets.ts';
import { selectNotifications, type NotificationRow } from '../../storage/notifications-list.ts';
import type { NotificationStatus } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';
import { nameActors } from './actor-names.ts';

export interface ActivityPage<T> {
  items: T[];
  /** Where the next page starts, or undefined on the last page. */
  next: TimeKey | undefined;
}

/** An audit event with its actor's readable name, and its target's when the target still exists. */
export interface AuditEventView extends AuditEventRow {
  actorName: string;
  targetName: string | null;
}

/** What the audit log can be filtered by. */
export interface AuditFilters {
  actions: string[];
  actors: { ref: string; name: string }[];
  /** More actors acted than `actors` lists. */
  moreActors: boolean;
}

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;
/** Distinct actions are few (one per kind of change); actors can be many, so the list is bounded. */
const MAX_ACTIONS = 500;
const MAX_ACTORS = 200;

function checkKey(key: TimeKey | undefined): void {
  if (key && (!isId(key.id) || !PG_TIMESTAMP.test(key.time))) throw new DomainError('validation_failed', 'query.cursor: not a cursor this API gave out.');
}

function page<T extends { id: string; timeKey: string }>(rows: T[], limit: number): ActivityPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { time: last.timeKey, id: last.id } : undefined };
}

/**
 * Who did what, newest first, keyset-paginated on (at, id) (admins only); `action` and `actor`
 * filter exactly. Each event carries its actor's readable name and its target's (a few lookups a
 * page, one per kind of name, never one per event).
 */
export async function listAuditEvents(db: Db, access: OrgAccess, query: AuditFilter): Promise<ActivityPage<AuditEventView>> {
  requireAdmin(access);
  checkKey(query.after);
  const found = page(await selectAuditEvents(db, access.orgId, { ...query, limit: query.limit + 1 }), query.limit);
  const [names, targets] = await Promise.all([
    nameActors(db, found.items.map((e) => e.actor)),
    describeTargets(db, access.orgId, found.items.map((e) => e.target)),
  ]);
  return {
    ...found,
    items: found.items.map((e) => ({ ...e, actorName: names.get(e.actor) ?? e.actor, targetName: (e.target && targets.get(e.target)) ?? null })),
  };
}

/** The actions recorded in the organization's audit log and who acted (admins only), for the filters. */
export async function listAuditFilters(db: Db, access: OrgAccess): Promise<AuditFilters> {
  requireAdmin(access);
  const [actions, actorRefs] = await Promise.all([
    selectDistinctAuditValues(db, access.orgId, 'action', MAX_ACTIONS),
    selectDistinctAuditValues(db, access.orgId, 'actor', MAX_ACTORS + 1),
  ]);
  const shown = actorRefs.slice(0, MAX_ACTORS);
  const names = await nameActors(db, shown);
  const actors = shown.map((ref) => ({ ref, name: names.get(ref) ?? ref })).sort((a, b) => a.name.localeCompare(b.name));
  return { actions, actors, moreActors: actorRefs.length > MAX_ACTORS };
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
