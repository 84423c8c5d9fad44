import { Badge, Group } from '@mantine/core';
import { usePeopleCounts } from '../invitations/counts';
import { useOrg } from '../orgs/org-context';

export type TabCount = 'members' | 'active' | 'pendingInvitations';

/** A People tab's label with its count as a small badge; no badge while the count loads or when it cannot be read. */
export function TabLabel({ label, count }: { label: string; count: TabCount }) {
  const org = useOrg();
  const counts = usePeopleCounts(org.slug, org.role !== 'guest').data;
  const n = counts && { members: counts.members.all, active: counts.members.active, pendingInvitations: counts.invitations.pending }[count];
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
