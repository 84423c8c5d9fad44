import { AppShell, Box, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, Outlet, useLocation, useMatch } from 'react-router';
import { useMe } from '../auth/session';
import { Bell } from '../invitations/Bell';
import { rememberOrg } from '../orgs/HomeRedirect';
import { ColorSchemeToggle } from '../ui/ColorSchemeToggle';
import { Icon } from '../ui/Icon';
import { Logo } from '../ui/Logo';
import { AccountMenu } from './AccountMenu';
import { OrgSwitcher } from './OrgSwitcher';
import { useVisibleSettingsPages } from '../settings/pages';

/** The signed-in frame: header (organization switcher, bell, theme, account) and the section navigation. */
export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe().data;
  const location = useLocation();
  const slug = useMatch('/o/:org/*')?.params.org;
  const role = me?.organizations.find((o) => o.slug === slug)?.role;
  const pages = useVisibleSettingsPages();
  useEffect(close, [location.pathname, close]);
  useEffect(() => {
    if (slug) rememberOrg(slug);
  }, [slug]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened, desktop: !slug } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {slug && <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Open the navigation" />}
            <Link to="/" aria-label="Guestlist home" style={{ textDecoration: 'none' }}><Logo nameFrom="sm" /></Link>
            <OrgSwitcher current={slug} />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Bell />
            <Box visibleFrom="sm"><ColorSchemeToggle /></Box>
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>
      {slug && (
        <AppShell.Navbar p="sm" aria-label="Sections">
          <ScrollArea>
            <NavLink component={Link} to={`/o/${slug}/people`} label="People" leftSection={<Icon name="users" />} active={location.pathname.startsWith(`/o/${slug}/people`)} />
            {role === 'admin' && (
              <>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">Settings</Text>
                {pages.map((p) => (
                  <NavLink key={p.path} component={Link} to={`/o/${slug}/settings/${p.path}`} label={p.label} active={location.pathname === `/o/${slug}/settings/${p.path}`} />
                ))}
              </>
            )}
          </ScrollArea>
        </AppShell.Navbar>
      )}
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
