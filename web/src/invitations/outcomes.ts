import type { InviteResult } from './invite-batch';

export type OutcomeKind = 'invited' | 'created' | 'already_invited' | 'already_member' | 'failed';

export interface OutcomeWords {
  kind: OutcomeKind;
  label: string;
  color: string;
  detail: string;
}

const kinds: Record<OutcomeKind, { label: string; color: string }> = {
  invited: { label: 'Invited', color: 'green' },
  created: { label: 'Created', color: 'blue' },
  already_invited: { label: 'Already invited', color: 'yellow' },
  already_member: { label: 'Already a member', color: 'gray' },
  failed: { label: 'Failed', color: 'red' },
};

export const outcomeKinds = Object.keys(kinds) as OutcomeKind[];
export const outcomeLabel = (kind: OutcomeKind) => kinds[kind].label;

const failures: Record<string, { kind: OutcomeKind; detail: string; label?: string }> = {
  already_member: { kind: 'already_member', detail: 'Already in the organization; nothing changed.' },
  member_exists: { kind: 'already_member', label: 'Already added', detail: 'Added earlier and not invited yet; send the invitation from Users or with "Send invites to all users".' },
  member_deactivated: { kind: 'failed', detail: 'This member is deactivated; reactivate them in Users first.' },
  notifications_disabled: { kind: 'failed', detail: 'Not sent: notifications are off for this organization.' },
  daily_invitation_limit: { kind: 'failed', detail: 'Not sent: the organization reached its daily invitation limit. Try again later.' },
};

/** What happened to one address, in words (the API's outcome and code mapped to what an admin reads). */
export function describeOutcome(r: InviteResult): OutcomeWords {
  const words = (kind: OutcomeKind, detail: string): OutcomeWords => ({ kind, ...kinds[kind], detail });
  switch (r.outcome) {
    case 'invited':
      return words('invited', 'Invitation sent.');
    case 'created':
      return words('created', r.code === 'notifications_disabled' ? 'Added; no email sent because notifications are off.' : 'Added without an invitation; send it later.');
    case 'already_invited':
      return words('already_invited', 'Already has a pending invitation; nothing new was sent.');
    case 'failed': {
      const known = r.code ? failures[r.code] : undefined;
      if (!known) return words('failed', r.message ?? 'Failed.');
      return { ...words(known.kind, known.detail), ...(known.label ? { label: known.label } : {}) };
    }
  }
}

/** How many addresses ended each way. */
export function countOutcomes(results: InviteResult[]): Record<OutcomeKind, number> {
  const counts: Record<OutcomeKind, number> = { invited: 0, created: 0, already_invited: 0, already_member: 0, failed: 0 };
  for (const r of results) counts[describeOutcome(r).kind]++;
  return counts;
}
