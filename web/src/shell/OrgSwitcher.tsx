import { Button, Menu, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useMe } from '../auth/session';
import { Icon } from '../ui/Icon';

const roleLabel = { admin: 'Admin', member: 'Member', guest: 'Guest' } as const;

/** Lists the organizations the person belongs to; choosing one opens it. Creating one is offered where allowed. */
export function OrgSwitcher({ current }: { current: string | undefined }) {
  const me = useMe().data;
  const navigate = useNavigate();
  if (!me) return null;
  const active = me.organizations.find((o) => o.slug === current);
  if (me.organizations.length === 0 && !me.canCreateOrganizations) return null;
  return (
    <Menu position="bottom-start" width={260} shadow="md">
      <Menu.Target>
        <Button variant="subtle" color="gray" rightSection={<Icon name="selector" size={14} />} aria-label={`Organization: ${active?.name ?? 'none chosen'}. Switch organization`} maw={{ base: 140, xs: 260 }}>
          <Text truncate="end" size="sm" fw={600}>{active?.name ?? 'Choose organization'}</Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your organizations</Menu.Label>
        {me.organizations.map((o) => (
          <Menu.Item key={o.id} onClick={() => navigate(`/o/${o.slug}/people`)} rightSection={<Text size="xs" c="dimmed">{roleLabel[o.role]}</Text>} aria-current={o.slug === current ? 'page' : undefined} fw={o.slug === current ? 700 : undefined}>
            {o.name}
          </Menu.Item>
        ))}
        {me.canCreateOrganizations && (
          <>
            <Menu.Divider />
            <Menu.Item leftSection={<Icon name="plus" size={16} />} onClick={() => navigate('/orgs/new')}>Create organization</Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
