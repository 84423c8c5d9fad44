import type { Member } from '../api/types';

const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A date as people read it (in their locale). */
export function formatDate(iso: string): string {
  return format.format(new Date(iso));
}

/** The date a row shows: when an active (or deactivated) person joined, when a pending one was last invited, or added. */
export function memberDate(member: Member): { label: string; iso: string } {
  if (member.joinedAt) return { label: 'Joined', iso: member.joinedAt };
  if (member.invitation && member.badge !== 'not_invited') return { label: 'Invited', iso: member.invitation.lastSentAt };
  return { label: 'Added', iso: member.createdAt };
}
