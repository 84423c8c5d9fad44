import type { Db } from '../../storage/db.ts';
import { describeActor, mayHaveAddress } from '../../storage/actors.ts';
import { enqueueNotifications, type OutboxMessage } from '../../storage/outbox.ts';
import type { InvitationRow } from '../../storage/invitations.ts';
import type { Organization } from '../organizations/organization.ts';

/**
 * Queues "invitation accepted/declined" for the inviter (email, when the inviter is a person) and
 * for the organization's Slack, unless the organization has notifications turned off. Without
 * Slack, only an inviter who is a person gets a message: for an API token or the system the
 * inviter is not even looked up.
 */
export async function queueAnswerNotices(trx: Db, org: Organization, invitation: InvitationRow, outcome: 'accepted' | 'declined'): Promise<void> {
  if (!org.notificationsEnabled) return;
  if (!org.slackWebhookUrl && !mayHaveAddress(invitation.invitedBy)) return;
  const inviter = await describeActor(trx, invitation.invitedBy);
  const payload = { invitationId: invitation.id, email: invitation.email, role: invitation.role, orgName: org.name, orgSlug: org.slug, inviterName: inviter.name, outcome };
  const messages: OutboxMessage[] = [];
  if (inviter.email) messages.push({ orgId: org.id, channel: 'email', kind: `invitation_${outcome}`, recipient: inviter.email, payload });
  if (org.slackWebhookUrl) messages.push({ orgId: org.id, channel: 'slack', kind: `invitation_${outcome}`, recipient: 'slack', payload });
  await enqueueNotifications(trx, messages);
}
