import type { Member } from '../api/types';

export type MemberSource = Member['source'];

/**
 * How each way of adding a member reads in the console: a short label for the lists and a
 * sentence for tooltips and the Manage dialog. SCIM members are provisioned by the
 * organization's identity provider (Entra ID, Okta...), which keeps managing them.
 */
export const SOURCES: Record<MemberSource, { label: string; description: string }> = {
  console: { label: 'Console', description: 'Added in the console' },
  api: { label: 'API', description: 'Added through the REST API' },
  graphql: { label: 'GraphQL', description: 'Added through the GraphQL API' },
  scim: { label: 'SCIM', description: 'Added by SCIM provisioning, managed by your identity provider' },
  request: { label: 'Request', description: 'Added by approving an invitation request' },
  cli: { label: 'CLI', description: 'Added with the guestlist command line' },
};
