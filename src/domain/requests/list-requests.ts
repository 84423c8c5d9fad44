import type { Db } from '../../storage/db.ts';
import { countOpenRequests, listRequests, type RequestRow, type RequestStatus } from '../../storage/invitation-requests.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../organizations/organization.ts';
import { requireAdmin } from '../organizations/access.ts';

export interface RequestKey {
  requestedAt: string;
  id: string;
}

export interface RequestPage {
  items: RequestRow[];
  next: RequestKey | undefined;
  /** What the Requests tab counts: open requests, and stale ones. */
  counts: { open: number; stale: number };
}

/** Confirmed invitation requests, newest first, keyset-paged, optionally by status (admins only: they hold outsiders' data). */
export async function listInvitationRequests(
  db: Db,
  access: OrgAccess,
  query: { status?: RequestStatus | undefined; after?: RequestKey | undefined; limit: number },
): Promise<RequestPage> {
  requireAdmin(access);
  let after: { requestedAt: Date; id: string } | undefined;
  if (query.after) {
    const requestedAt = new Date(query.after.requestedAt);
    if (Number.isNaN(requestedAt.getTime()) || !isId(query.after.id)) throw new DomainError('validation_failed', 'query.cursor: not a cursor this API gave out.');
    after = { requestedAt, id: query.after.id };
  }
  const rows = await listRequests(db, access.orgId, { status: query.status, after, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? items.at(-1) : undefined;
  return { items, next: last && { requestedAt: last.requestedAt.toISOString(), id: last.id }, counts: await countOpenRequests(db, access.orgId) };
}
