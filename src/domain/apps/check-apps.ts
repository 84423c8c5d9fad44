import { findAppIds } from '../../storage/apps.ts';
import type { Db } from '../../storage/db.ts';
import type { AppRole } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../organizations/organization.ts';

export interface AppGrant {
  appId: string;
  appRole: AppRole;
}

/** Throws app_not_found unless every app named belongs to the organization. */
export async function assertAppsExist(db: Db, orgId: string, apps: readonly AppGrant[]): Promise<void> {
  const ids = [...new Set(apps.map((a) => a.appId))];
  const wellFormed = ids.filter(isId);
  const known = await findAppIds(db, orgId, wellFormed);
  if (known.size !== ids.length) throw new DomainError('app_not_found', `No such app: ${ids.find((id) => !known.has(id))}.`);
}

/** Throws validation_failed when an app is named twice: one grant per app, or which role would win? */
export function assertDistinctApps(apps: readonly AppGrant[] | undefined): void {
  if (apps && new Set(apps.map((a) => a.appId.toLowerCase())).size !== apps.length) {
    throw new DomainError('validation_failed', 'apps: list each app once.');
  }
}
