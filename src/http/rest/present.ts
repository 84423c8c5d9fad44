import type { OrgRole } from '../../storage/schema.ts';
import type { Organization } from '../../domain/organizations/organization.ts';

/** The organization as the API shows it; the Slack URL is a credential, shown to admins only. */
export function presentOrganization(org: Organization, role: OrgRole) {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    role,
    settings: {
      notificationsEnabled: org.notificationsEnabled,
      invitationRequestsEnabled: org.invitationRequestsEnabled,
      invitationTtlDays: org.invitationTtlDays,
      slackWebhookUrl: role === 'admin' ? org.slackWebhookUrl : null,
    },
    createdAt: org.createdAt.toISOString(),
  };
}
