import type { Db } from '../../storage/db.ts';
import type { AppRole } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';

export interface AppGrant {
  appId: string;
  appRole: AppRole;
}

/** Throws app_not_found unless every app named belongs to the organization. */
export async function assertAppsExist(db: Db, orgId: string, apps: readonly AppGrant[]): Promise<void> {
  const ids = [...new Set(apps.map((a) => a.appId))];
  if (ids.length === 0) return;
  const found = await db.selectFrom('apps').select('id').where('orgId', '=', orgId).where('id', 'in', ids).execute();
  if (found.length !== ids.length) {
    const known = new Set(found.map((f) => f.id));
    throw new DomainError('app_not_found', `No such app: ${ids.find((id) => !known.has(id))}.`);
  }
}
