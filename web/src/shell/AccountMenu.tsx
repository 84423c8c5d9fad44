import { Avatar, Menu, Text, UnstyledButton, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { describeError } from '../api/problem';
import { signOut } from '../auth/identity';
import { useMe, useResetSession } from '../auth/session';
import { Icon } from '../ui/Icon';

/** The signed-in person, with sign-out. */
export function AccountMenu() {
  const me = useMe().data;
  const navigate = useNavigate();
  const resetSession = useResetSession();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  if (!me) return null;
  const initials = (me.account.name || me.account.email).split(/\s+/).map((w) => w[0]).join('').slice(0, 2).toUpperCase();
  const leave = async () => {
    try {
      await signOut();
      await resetSession();
      navigate('/sign-in', { replace: true });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not sign out', message: describeError(e) });
    }
  };
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${me.account.email}`}>
          <Avatar radius="xl" color="indigo" size={34}>{initials}</Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate="end">{me.account.name}</Text>
          <Text size="xs" truncate="end">{me.account.email}</Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<Icon name={scheme === 'dark' ? 'sun' : 'moon'} size={16} />} onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
          {scheme === 'dark' ? 'Light theme' : 'Dark theme'}
        </Menu.Item>
        <Menu.Item leftSection={<Icon name="logout" size={16} />} onClick={leave}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
