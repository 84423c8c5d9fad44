import { Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useOrg } from '../orgs/org-context';

/** The frame of one settings page: its title, what it is for, page-level actions, then the content. */
export function SettingsPage({ title, description, actions, children }: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const org = useOrg();
  useDocumentTitle(`${title} · ${org.name} · Guestlist`);
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 320px' }}>
          <Title order={1} size="h2">{title}</Title>
          {description && <Text c="dimmed" size="sm">{description}</Text>}
        </Stack>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}
