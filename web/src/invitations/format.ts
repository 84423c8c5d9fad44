import type { Role, Schemas } from '../api/types';

export type InvitationStatus = Schemas['InvitationStatus'];

export const roleLabel: Record<Role, string> = { admin: 'Admin', member: 'Member', guest: 'Guest' };

/** How the console names each invitation status (a revoked invitation reads "Canceled", as admins cancel it). */
export const statusLabel: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  declined: 'Declined',
  revoked: 'Canceled',
  expired: 'Expired',
};

export const statusColor: Record<InvitationStatus, string> = {
  pending: 'blue',
  accepted: 'green',
  declined: 'orange',
  revoked: 'gray',
  expired: 'yellow',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date as people read it here ("Nov 22, 2026"). */
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

/** A date and time as people read it here ("Nov 22, 2026, 9:05 AM"). */
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));

/** "1 person", "2 people". */
export const people = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'person' : 'people'}`;
