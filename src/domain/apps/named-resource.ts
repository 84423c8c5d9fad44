import { deleteNamed as deleteRow, insertNamed, type NamedRow, type NamedTable } from '../../storage/apps.ts';
import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';

/** Apps and teams: organization resources that are just a name unique within the organization. */
const kinds: Record<NamedTable, { kind: string; taken: ErrorCode; missing: ErrorCode }> = {
  apps: { kind: 'app', taken: 'app_name_taken', missing: 'app_not_found' },
  teams: { kind: 'team', taken: 'team_name_taken', missing: 'team_not_found' },
};

/**
 * Creates an app or team (admins only) with a `<kind>.created` audit event in the same
 * transaction; app_name_taken / team_name_taken when the organization has one of that name.
 */
export async function createNamed(db: Db, access: OrgAccess, table: NamedTable, name: string): Promise<NamedRow> {
  requireAdmin(access);
  const { kind, taken } = kinds[table];
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw new DomainError('validation_failed', 'name: give 1 to 200 characters.');
  return db.transaction().execute(async (trx) => {
    const row = await insertNamed(trx, table, access.orgId, trimmed);
    if (!row) throw new DomainError(taken, `${new DomainError(taken).message} ("${trimmed}")`);
    await recordAudit(trx, [{ orgId: access.orgId, actor: actorRef(access.actor), action: `${kind}.created`, target: `${kind}:${row.id}`, data: { name: row.name } }]);
    return row;
  });
}

/**
 * Deletes an app or team (admins only) with a `<kind>.deleted` audit event; app_not_found /
 * team_not_found when no such id exists in this organization (including ids of other organizations).
 */
export async function deleteNamed(db: Db, access: OrgAccess, table: NamedTable, id: string): Promise<void> {
  requireAdmin(access);
  const { kind, missing } = kinds[table];
  await db.transaction().execute(async (trx) => {
    const row = isId(id) ? await deleteRow(trx, table, access.orgId, id) : undefined;
    if (!row) throw new DomainError(missing);
    await recordAudit(trx, [{ orgId: access.orgId, actor: actorRef(access.actor), action: `${kind}.deleted`, target: `${kind}:${row.id}`, data: { name: row.name } }]);
  });
}
