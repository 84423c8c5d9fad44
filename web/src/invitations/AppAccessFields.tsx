import { Alert, Checkbox, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey } from '../orgs/org-context';

type AppRole = Schemas['AppRole'];
export type AppChoice = Record<string, AppRole>;

const appRoles = [
  { value: 'read', label: 'Read' },
  { value: 'write', label: 'Write' },
  { value: 'admin', label: 'Admin' },
];

/** Guests see only the apps they are given: one checkbox per app, with the app role. */
export function AppAccessFields({ slug, value, onChange }: { slug: string; value: AppChoice; onChange: (next: AppChoice) => void }) {
  const apps = useQuery({ queryKey: [...orgKey(slug), 'apps'], queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/apps', { params: { path: { org: slug } } })) });
  if (apps.isPending) return <Skeleton h={60} role="status" aria-label="Loading apps" />;
  if (apps.isError) return <Alert color="red" role="alert" title="Could not load the apps">{describeError(apps.error)}</Alert>;
  return (
    <Stack gap={6} role="group" aria-labelledby="invite-app-access">
      <Text size="sm" fw={500} id="invite-app-access">App access</Text>
      {apps.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">This organization has no apps yet, so guests see nothing until you create apps (Settings → Apps) and give them access.</Text>
      ) : (
        <>
          <Text size="xs" c="dimmed">Guests see only these apps, with the role chosen.</Text>
          {apps.data.items.map((app) => {
            const role = value[app.id];
            const set = (next: AppRole | undefined) => {
              const { [app.id]: _, ...rest } = value;
              onChange(next ? { ...rest, [app.id]: next } : rest);
            };
            return (
              <Group key={app.id} justify="space-between" wrap="nowrap" gap="sm">
                <Checkbox label={app.name} checked={role !== undefined} onChange={(e) => set(e.currentTarget.checked ? 'read' : undefined)} />
                <Select
                  aria-label={`Role on ${app.name}`} data={appRoles} value={role ?? 'read'} disabled={role === undefined} allowDeselect={false} w={120} size="xs"
                  onChange={(v) => set((v as AppRole | null) ?? 'read')}
                />
              </Group>
            );
          })}
        </>
      )}
    </Stack>
  );
}
