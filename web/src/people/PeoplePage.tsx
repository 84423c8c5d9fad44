import { Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useOrg } from '../orgs/org-context';
import { PeopleActions } from './PeopleActions';
import { TabLabel } from './TabLabel';

const tabs = [
  { value: 'users', path: '', label: 'Users', count: 'members' },
  { value: 'platform-access', path: 'platform-access', label: 'Platform Access', count: 'active' },
  { value: 'invitations', path: 'invitations', label: 'Invitations', count: 'pendingInvitations' },
  { value: 'requests', path: 'requests', label: 'Invitation requests', count: 'requests', adminOnly: true },
] as const;

/** People: the Users, Platform Access and Invitations tabs (with counts), Invitation requests for admins, and the invite actions. */
export function PeoplePage() {
  const org = useOrg();
  const navigate = useNavigate();
  const location = useLocation();
  const base = `/o/${org.slug}/people`;
  const current = tabs.find((t) => t.path && location.pathname.startsWith(`${base}/${t.path}`))?.value ?? 'users';
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">People</Title>
          <Text c="dimmed" size="sm">Everyone in {org.name}, and everyone invited to it.</Text>
        </div>
        {org.role === 'admin' && <PeopleActions />}
      </Group>
      <Tabs value={current} onChange={(v) => navigate(`${base}${tabs.find((t) => t.value === v)?.path ? `/${tabs.find((t) => t.value === v)?.path}` : ''}`)} keepMounted={false}>
        <Tabs.List>
          {tabs.filter((t) => !('adminOnly' in t) || org.role === 'admin').map((t) => (
            <Tabs.Tab key={t.value} value={t.value}><TabLabel label={t.label} count={t.count} /></Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </Stack>
  );
}
