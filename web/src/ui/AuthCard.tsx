import { Anchor, Center, Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { Logo } from './Logo';

/** The centered card of the pages people see before they are signed in. */
export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <Center mih="100dvh" p="md" component="main">
      <Container size={440} w="100%" px={0}>
        <Stack gap="lg">
          <Center style={{ justifyContent: 'space-between' }}>
            <Anchor component={Link} to="/" underline="never" aria-label="Guestlist home"><Logo /></Anchor>
            <ColorSchemeToggle />
          </Center>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            <Stack gap="md">
              <div>
                <Title order={1} size="h2">{title}</Title>
                {subtitle && <Text c="dimmed" size="sm" mt={4}>{subtitle}</Text>}
              </div>
              {children}
            </Stack>
          </Paper>
          {footer && <Text ta="center" size="sm">{footer}</Text>}
        </Stack>
      </Container>
    </Center>
  );
}
