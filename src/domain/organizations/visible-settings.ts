import type { OrgRole } from '../../storage/schema.ts';
import type { Organization } from './organization.ts';

export interface VisibleSettings {
  notificationsEnabled: boolean;
  invitationRequestsEnabled: boolean;
  /** Domains invitation requests may come from; empty: any. */
  invitationRequestDomains: string[];
  invitationTtlDays: number;
  /** A credential: null for anyone but admins. */
  slackWebhookUrl: string | null;
}

/** The organization's settings as someone with this role may read them: the Slack URL is shown to admins only. */
export function visibleSettings(org: Organization, role: OrgRole): VisibleSettings {
  return {
    notificationsEnabled: org.notificationsEnabled,
    invitationRequestsEnabled: org.invitationRequestsEnabled,
    invitationRequestDomains: org.invitationRequestDomains,
    invitationTtlDays: org.invitationTtlDays,
    slackWebhookUrl: role === 'admin' ? org.slackWebhookUrl : null,
  };
}
