import { auditBatchEntries, recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { activeAdminEmails, expireDueRequests, markOrgAnnounced, orgsDueForDigest, takeUnannounced } from '../../storage/invitation-requests.ts';
import { lockOrganizationRow } from '../../storage/organizations.ts';
import { enqueueNotifications, type OutboxMessage } from '../../storage/outbox.ts';

/** At most one digest per organization in this many seconds, however many requests arrive. */
export const DIGEST_SPACING_SECONDS = 300;

/** "Ada Lovelace (ada@example.com), Bob (bob@example.com) and 3 more". */
function describeRequesters(people: readonly { email: string; name: string }[]): string {
  const shown = people.slice(0, 5).map((p) => `${p.name} (${p.email})`);
  const rest = people.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/**
 * Tells each organization's admins about newly confirmed requests (R13): one email per admin and
 * one Slack message per organization for everything confirmed since the last digest, and at most
 * one digest per DIGEST_SPACING_SECONDS, so a burst is one message, not hundreds. Requests whose
 * address is already an active member are marked announced and not mentioned. Nothing is queued
 * while the organization's notifications are off (the requests stay listed in the console).
 */
export async function announceConfirmedRequests(db: Db, publicUrl: string): Promise<number> {
  let digests = 0;
  for (const orgId of await orgsDueForDigest(db, DIGEST_SPACING_SECONDS, 100)) {
    digests += await db.transaction().execute(async (trx) => {
      const org = await lockOrganizationRow(trx, orgId);
      if (!org) return 0;
      const fresh = (await takeUnannounced(trx, orgId)).filter((r) => !r.stale);
      if (fresh.length === 0 || !org.notificationsEnabled) return 0;
      await markOrgAnnounced(trx, orgId);
      const payload = { orgName: org.name, count: String(fresh.length), requesters: describeRequesters(fresh), reviewUrl: `${publicUrl}/o/${org.slug}/people/requests` };
      const messages: OutboxMessage[] = (await activeAdminEmails(trx, orgId)).map((email) => ({ orgId, channel: 'email', kind: 'invitation_requests_digest', recipient: email, payload }));
      if (org.slackWebhookUrl) messages.push({ orgId, channel: 'slack', kind: 'invitation_requests_digest', recipient: 'slack', payload });
      await enqueueNotifications(trx, messages);
      return 1;
    });
  }
  return digests;
}

/** Requests nobody acted on expire 30 days after their last refresh; open ones are audited. */
export async function expireInvitationRequests(db: Db, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const expired = await expireDueRequests(trx, limit);
    // One audit insert for every organization touched (one batch event each), not one per organization.
    const byOrg = Map.groupBy(expired.filter((r) => r.wasOpen), (r) => r.orgId);
    await recordAudit(trx, [...byOrg].flatMap(([orgId, rows]) =>
      auditBatchEntries({ orgId, actor: 'system:requests', action: 'invitation_request.expired' }, rows.map((r) => ({ target: `invitation_request:${r.id}`, data: { email: r.email } })))));
    return expired.length;
  });
}
