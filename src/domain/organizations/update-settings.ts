import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { lockOrganizationRow, updateOrganizationRow } from '../../storage/organizations.ts';
import { suppressQueuedMessages } from '../../storage/outbox.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { normalizeDomain } from '../email.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from './access.ts';
import type { Organization } from './organization.ts';

export interface SettingsPatch {
  name?: string | undefined;
  notificationsEnabled?: boolean | undefined;
  invitationRequestsEnabled?: boolean | undefined;
  invitationTtlDays?: number | undefined;
  slackWebhookUrl?: string | null | undefined;
  /** Domains invitation requests may come from (empty: any); normalized, duplicates dropped. */
  invitationRequestDomains?: readonly string[] | undefined;
}

export interface SettingsDeps {
  /**
   * Why an outbound URL may not be used (not an allowed host, or it resolves to a non-public
   * address), or undefined when it may. It may consult DNS.
   */
  refuseOutboundUrl: (url: string) => Promise<string | undefined>;
}

/** A Slack URL is checked against the outbound policy when saved (and again at every send). */
async function checkSlackUrl(url: string | null | undefined, deps: SettingsDeps): Promise<void> {
  if (!url) return;
  const reason = await deps.refuseOutboundUrl(url);
  if (reason) throw new DomainError('slack_webhook_url_refused', `slackWebhookUrl: ${reason}.`, { errors: [{ path: 'slackWebhookUrl', message: reason }] });
}

/** The allowed domains, normalized; validation_failed naming each entry that is not a domain. */
function normalizeDomains(domains: readonly string[] | undefined): string[] | undefined {
  if (domains === undefined) return undefined;
  const errors = domains.flatMap((d, i) => (normalizeDomain(d) ? [] : [{ path: `invitationRequestDomains.${i}`, message: `${JSON.stringify(d.slice(0, 100))} is not a domain (like example.com)` }]));
  if (errors.length) throw new DomainError('validation_failed', `invitationRequestDomains: ${errors.map((e) => e.message).join('; ')}.`, { errors });
  return [...new Set(domains.map((d) => normalizeDomain(d)!))];
}

/**
 * Changes organization settings (PRODUCT §1.4). Turning notifications off suppresses the email
 * and Slack messages still queued and not being sent, in the same transaction; turning them back
 * on sends nothing by itself. (The worker checks the switch again just before sending.) A Slack
 * URL the outbound policy refuses fails with slack_webhook_url_refused and changes nothing.
 */
export async function updateSettings(db: Db, access: OrgAccess, patch: SettingsPatch, deps: SettingsDeps): Promise<Organization> {
  requireAdmin(access);
  await checkSlackUrl(patch.slackWebhookUrl, deps);
  const domains = normalizeDomains(patch.invitationRequestDomains);
  return db.transaction().execute(async (trx) => {
    const changes = Object.fromEntries(Object.entries({ ...patch, invitationRequestDomains: domains }).filter(([, v]) => v !== undefined));
    const before = await lockOrganizationRow(trx, access.orgId);
    if (!before) throw new DomainError('org_not_found');
    const org = Object.keys(changes).length ? await updateOrganizationRow(trx, access.orgId, changes) : before;
    const suppressed = before.notificationsEnabled && !org.notificationsEnabled ? await suppressQueuedMessages(trx, access.orgId) : 0;
    const audited: Record<string, unknown> = { ...changes, ...(suppressed ? { suppressedMessages: suppressed } : {}) };
    if ('slackWebhookUrl' in audited) audited.slackWebhookUrl = audited.slackWebhookUrl ? '(set)' : null;
    await recordAudit(trx, [
      { orgId: access.orgId, actor: actorRef(access.actor), action: 'organization.settings_updated', target: `organization:${access.orgId}`, data: audited },
    ]);
    return org;
  });
}
