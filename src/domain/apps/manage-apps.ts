import { selectApps, selectAppsOfAccount, type AppRow } from '../../storage/apps.ts';
import type { Db } from '../../storage/db.ts';
import type { AppRole } from '../../storage/schema.ts';
import type { OrgAccess } from '../actor.ts';
import { createNamed, deleteNamed } from './named-resource.ts';

/** An app as its reader sees it; `appRole` is a guest's own role on it (null for members and admins). */
export type AppView = AppRow & { appRole: AppRole | null };

/** The apps a caller may see (PRODUCT §1.1): members and admins see all, guests only those given to them. */
export async function listApps(db: Db, access: OrgAccess): Promise<AppView[]> {
  if (access.role !== 'guest') return (await selectApps(db, access.orgId)).map((a) => ({ ...a, appRole: null }));
  if (access.actor.kind !== 'account') return [];
  return selectAppsOfAccount(db, access.orgId, access.actor.accountId);
}

/** Creates an app (admins only); app_name_taken when the organization has one of that name. Audited. */
export async function createApp(db: Db, access: OrgAccess, name: string): Promise<AppView> {
  const app = await createNamed(db, access, 'apps', name);
  return { ...app, appRole: null };
}

/** Deletes an app and every access grant to it (admins only); app_not_found otherwise. Audited. */
export async function deleteApp(db: Db, access: OrgAccess, id: string): Promise<void> {
  await deleteNamed(db, access, 'apps', id);
}
