import { Badge, Group } from '@mantine/core';
import { usePeopleCounts } from '../invitations/counts';
import { useOrg } from '../orgs/org-context';
import { useRequestCounts } from './request-queries';

export type TabCount = 'members' | 'active' | 'pendingInvitations' | 'requests';

/** A People tab's label with its count as a small badge; no badge while the count loads or when it cannot be read. */
export function TabLabel({ label, count }: { label: string; count: TabCount }) {
  const org = useOrg();
  const counts = usePeopleCounts(org.slug, org.role !== 'guest').data;
  // Requests counts open and stale ones: both wait for an admin (stale ones to be dismissed).
  const requests = useRequestCounts(org.slug, count === 'requests' && org.role === 'admin').data;
  const n = count === 'requests'
    ? requests && requests.open + requests.stale
    : counts && { members: counts.members.all, active: counts.members.active, pendingInvitations: counts.invitations.pending }[count];
  return (
    <Group gap={6} wrap="nowrap" component="span">
      {label}
      {n !== undefined && (
        <Badge size="sm" variant="light" color="gray" radius="xl">
          {n.toLocaleString()}
        </Badge>
      )}
    </Group>
  );
}
