import type { Member, Schemas } from '../api/types';

export type StatusFilter = Schemas['MemberStatusFilter'];

/** What a member's status badge says: the member status, or for pending people their invitation's badge. */
export type MemberState = 'active' | 'deactivated' | NonNullable<Member['badge']>;

/** The badge of each state: label and a distinct Mantine color. */
export const STATE_BADGES: Record<MemberState, { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  invited: { label: 'Invited', color: 'blue' },
  not_invited: { label: 'Not invited', color: 'gray' },
  expired: { label: 'Expired', color: 'orange' },
  declined: { label: 'Declined', color: 'red' },
  deactivated: { label: 'Deactivated', color: 'grape' },
};

/** The state a member's badge shows. */
export function stateOf(member: Member): MemberState {
  if (member.status === 'pending') return member.badge ?? 'not_invited';
  return member.status;
}

/** The status filter's choices, in the order an admin scans them. */
export const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'pending', label: 'Pending (all)' },
  { value: 'invited', label: 'Invited' },
  { value: 'not_invited', label: 'Not invited' },
  { value: 'expired', label: 'Expired' },
  { value: 'declined', label: 'Declined' },
  { value: 'deactivated', label: 'Deactivated' },
];
