import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { requireAdmin } from './access.ts';
import type { Organization } from './organization.ts';

export interface SettingsPatch {
  name?: string | undefined;
  notificationsEnabled?: boolean | undefined;
  invitationRequestsEnabled?: boolean | undefined;
  invitationTtlDays?: number | undefined;
  slackWebhookUrl?: string | null | undefined;
}

/**
 * Changes organization settings (PRODUCT §1.4). Turning notifications back on sends nothing by
 * itself: queued messages are judged by the worker at send time.
 */
export async function updateSettings(db: Db, access: OrgAccess, patch: SettingsPatch): Promise<Organization> {
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const org = Object.keys(changes).length
      ? await trx.updateTable('organizations').set(changes).where('id', '=', access.orgId).returningAll().executeTakeFirstOrThrow()
      : await trx.selectFrom('organizations').selectAll().where('id', '=', access.orgId).executeTakeFirstOrThrow();
    const audited = { ...changes };
    if ('slackWebhookUrl' in audited) audited.slackWebhookUrl = audited.slackWebhookUrl ? '(set)' : null;
    await recordAudit(trx, [
      { orgId: access.orgId, actor: actorRef(access.actor), action: 'organization.settings_updated', target: `organization:${access.orgId}`, data: audited },
    ]);
    return org;
  });
}
