import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { INVITATION_LINK_KINDS } from '../../storage/invitation-counts.ts';
import { findNotificationSummary, requeueFailedNotification, type RequeuedNotification } from '../../storage/notification-retry.ts';
import { holdOrganizationRow } from '../../storage/organizations.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { isId } from '../organizations/organization.ts';

/** Why a message that exists here cannot be queued again. */
function notRetryable(message: { status: string; kind: string }): DomainError {
  if (message.status !== 'failed') return new DomainError('notification_not_retryable', `Only failed messages can be retried; this one is ${message.status}.`);
  return INVITATION_LINK_KINDS.includes(message.kind)
    ? new DomainError('notification_not_retryable', 'This invitation email can no longer be sent: its link is removed when a message fails. Resend the invitation instead; the new email carries a new link.')
    : new DomainError('notification_not_retryable');
}

/**
 * Puts a failed message back in the queue with its attempts reset (admins only), audited as
 * notification.retried. Email and Slack messages are refused with notifications_disabled while
 * the organization is muted (R5); the organization row is held so a mute switched on meanwhile
 * either waits for this commit, and then suppresses the message, or is seen here. The worker
 * still applies the mute and the link checks when it sends. An invitation email cannot be retried
 * (its link is gone): the invitation is resent instead.
 */
export async function retryNotification(db: Db, access: OrgAccess, id: string): Promise<RequeuedNotification> {
  requireAdmin(access);
  if (!isId(id)) throw new DomainError('notification_not_found');
  return db.transaction().execute(async (trx) => {
    const org = await holdOrganizationRow(trx, access.orgId);
    if (!org) throw new DomainError('org_not_found');
    const found = await findNotificationSummary(trx, access.orgId, id);
    if (!found) throw new DomainError('notification_not_found');
    if (found.channel !== 'webhook' && !org.notificationsEnabled) throw new DomainError('notifications_disabled', 'Notifications are disabled for this organization: switch them on before retrying.');
    const requeued = await requeueFailedNotification(trx, access.orgId, id);
    if (!requeued) throw notRetryable(found);
    await recordAudit(trx, [
      {
        orgId: access.orgId, actor: actorRef(access.actor), action: 'notification.retried', target: `notification:${id}`,
        data: { kind: requeued.kind, channel: requeued.channel, recipient: requeued.recipient },
      },
    ]);
    return requeued;
  });
}
