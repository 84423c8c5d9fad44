/** The fields of an audit event (the API's AuditEvent) that its wording reads. */
export interface AuditEvent {
  action: string;
  target: string | null;
  targetName: string | null;
  data: Record<string, unknown>;
}

/** The recorded actions in words. An action not listed here is shown as recorded. */
const ACTIONS: Record<string, string> = {
  'organization.created': 'Created the organization',
  'organization.settings_updated': 'Changed settings',
  'member.created': 'Added a person',
  'member.updated': 'Changed a member',
  'member.removed': 'Removed a member',
  'member.deactivated': 'Deactivated a member',
  'member.reactivated': 'Reactivated a member',
  'member.joined': 'Joined',
  'invitation.created': 'Sent an invitation',
  'invitation.resent': 'Resent an invitation',
  'invitation.reminded': 'Sent a reminder',
  'invitation.accepted': 'Accepted an invitation',
  'invitation.declined': 'Declined an invitation',
  'invitation.revoked': 'Cancelled an invitation',
  'invitation.expired': 'An invitation expired',
  'api_token.created': 'Created an API token',
  'api_token.revoked': 'Revoked an API token',
  'app.created': 'Created an app',
  'app.deleted': 'Deleted an app',
  'team.created': 'Created a team',
  'team.deleted': 'Deleted a team',
  'team.updated': 'Changed a team',
  'team.members_added': 'Added people to a team',
  'team.members_removed': 'Removed people from a team',
  'notification.retried': 'Retried a message',
  'invitation_request.requested': 'Requested an invitation',
  'invitation_request.confirmed': 'Confirmed an invitation request',
  'invitation_request.approved': 'Approved an invitation request',
  'invitation_request.dismissed': 'Dismissed an invitation request',
  'invitation_request.expired': 'An invitation request expired',
};

/** The actions recorded once for many people (one event per call), in words for many. */
const BATCH_ACTIONS: Record<string, string> = {
  'member.created': 'Added people',
  'member.updated': 'Changed members',
  'invitation.created': 'Sent invitations',
  'invitation.resent': 'Resent invitations',
  'invitation_request.dismissed': 'Dismissed invitation requests',
  'invitation_request.expired': 'Invitation requests expired',
};

/** An action in words ("Revoked an API token"). */
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

/** What one event did, in words: "Sent invitations" for a call that invited many, else its action's label. */
export function eventLabel(event: AuditEvent): string {
  const many = batchOf(event);
  return (many && many.count !== 1 && BATCH_ACTIONS[event.action]) || actionLabel(event.action);
}

const KEYS: Record<string, string> = {
  name: 'Name', notificationsEnabled: 'Notifications', invitationTtlDays: 'Invitation lifetime (days)', slackWebhookUrl: 'Slack webhook',
  invitationRequestsEnabled: 'Invitation requests', suppressedMessages: 'Queued messages suppressed', role: 'Role', scope: 'Scope', source: 'Via',
  status: 'Status', reason: 'Reason', removeMember: 'Also removed the person', email: 'Email', kind: 'Kind', channel: 'Channel', slug: 'Slug',
  teams: 'Teams', apps: 'Apps', invitationRequestDomains: 'Allowed request domains', outcome: 'Outcome', stale: 'Already a member',
  externalId: 'External id', attributes: 'Provisioned attributes', count: 'People', memberIds: 'Member ids',
};

function value(key: string, v: unknown): string {
  if (v === null || v === undefined) return key === 'slackWebhookUrl' ? 'removed' : 'none';
  if (typeof v === 'boolean') return key.endsWith('Enabled') ? (v ? 'on' : 'off') : v ? 'yes' : 'no';
  if (typeof v === 'object' && v !== null && 'from' in v && 'to' in v) return `${value(key, v.from)} → ${value(key, v.to)}`;
  if (Array.isArray(v)) return v.length ? v.map((x) => value(key, x)).join(', ') : 'none';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replaceAll('_', ' ');
}

/** What the event was about, in words: a person, an invitation's address, a token's or team's name, the organization. */
export function targetLabel(event: AuditEvent): string {
  const batch = batchOf(event);
  if (batch && event.action.startsWith('invitation_request.')) return `${batch.count.toLocaleString()} ${batch.count === 1 ? 'request' : 'requests'}`;
  if (batch) return `${batch.count.toLocaleString()} ${batch.count === 1 ? 'person' : 'people'}`;
  const [type = '', id = ''] = (event.target ?? '').split(':');
  const d = event.data;
  const name = event.targetName ?? (typeof d.name === 'string' ? d.name : undefined);
  const email = event.targetName ?? (typeof d.email === 'string' ? d.email : undefined);
  const short = id.slice(0, 8);
  switch (type) {
    case 'organization': return 'The organization';
    case 'member': return email ?? `A removed member (${short})`;
    case 'invitation': return email ? `Invitation to ${email}` : `Invitation ${short}`;
    case 'invitation_request': return email ? `Request from ${email}` : `Request ${short}`;
    case 'api_token': return name ? `Token “${name}”` : `Token ${short}`;
    case 'app': return name ? `App “${name}”` : `App ${short}`;
    case 'team': return name ? `Team “${name}”` : `Team ${short}`;
    case 'notification': return typeof d.recipient === 'string' ? `Message to ${d.recipient}` : `Message ${short}`;
    default: return event.target ?? '—';
  }
}

/** A change recorded once for many targets: how many, and the first of them (the log keeps a page's worth). */
function batchOf(event: AuditEvent): { count: number; items: Record<string, unknown>[] } | undefined {
  const { count, items } = event.data;
  if (event.target !== null || typeof count !== 'number' || !Array.isArray(items)) return undefined;
  return { count, items: items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null) };
}

/** The rest of what was recorded, as "Key: value" lines; ids and what the target already says are left out. */
export function detailLines(event: AuditEvent): string[] {
  const batch = batchOf(event);
  if (batch) {
    const emails = batch.items.flatMap((i) => (typeof i.email === 'string' ? [i.email] : []));
    const shown = emails.slice(0, 5);
    const more = batch.count - shown.length;
    return shown.length ? [`${shown.join(', ')}${more > 0 ? ` and ${more.toLocaleString()} more` : ''}`] : [];
  }
  const type = (event.target ?? '').split(':')[0];
  const shownInTarget = new Set(['recipient', ...(type === 'member' || type === 'invitation' || type === 'invitation_request' ? ['email'] : []), ...(type === 'organization' || type === 'invitation_request' ? [] : ['name'])]);
  return Object.entries(event.data)
    .filter(([k]) => !k.endsWith('Id') && !shownInTarget.has(k))
    .map(([k, v]) => `${KEYS[k] ?? k}: ${value(k, v)}`);
}
