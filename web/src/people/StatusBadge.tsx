import { Badge } from '@mantine/core';
import type { Member } from '../api/types';
import { STATE_BADGES, stateOf } from './status';

/** A member's status as a colored badge (Active, Invited, Not invited, Expired, Declined, Deactivated). */
export function StatusBadge({ member }: { member: Member }) {
  const { label, color } = STATE_BADGES[stateOf(member)];
  return <Badge color={color} variant="light" radius="sm" tt="none" fw={600} style={{ minWidth: 'max-content' }}>{label}</Badge>;
}
