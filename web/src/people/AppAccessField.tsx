import { Alert, Fieldset, Input, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import { orgKey, useOrg } from '../orgs/org-context';
import { APP_ROLE_LABELS, type AppRole } from './roles';

export type AppGrant = { appId: string; appRole: AppRole };

const NONE = 'none';
const CHOICES = [{ value: NONE, label: 'No access' }, ...(['read', 'write', 'admin'] as const).map((r) => ({ value: r, label: APP_ROLE_LABELS[r] }))];

/** The organization's apps (GET /apps), shared by every form that gives app access. */
export function useApps() {
  const { slug } = useOrg();
  return useQuery({ queryKey: [...orgKey(slug), 'apps'], queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/apps', { params: { path: { org: slug } } })) });
}

/** A guest's app access: for each app of the organization, no access or an app role. */
export function AppAccessField({ value, onChange, error }: { value: AppGrant[]; onChange: (grants: AppGrant[]) => void; error?: string | undefined }) {
  const apps = useApps();
  const roleOf = (appId: string) => value.find((g) => g.appId === appId)?.appRole ?? NONE;
  const set = (appId: string, role: string) => {
    const rest = value.filter((g) => g.appId !== appId);
    onChange(role === NONE ? rest : [...rest, { appId, appRole: role as AppRole }]);
  };
  return (
    <Fieldset legend="App access" variant="unstyled" p={0} m={0} styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}>
      <Stack gap={6}>
      <Text size="xs" c="dimmed">Guests see only the apps given here, with the role given.</Text>
      {apps.isPending && <Text size="sm" c="dimmed">Loading apps…</Text>}
      {apps.isError && <Alert color="red" role="alert">{describeError(apps.error)}</Alert>}
      {apps.data?.items.length === 0 && <Text size="sm" c="dimmed">This organization has no apps yet; admins add them in Settings → Apps.</Text>}
      {apps.data?.items.map((app) => (
        <Select key={app.id} label={app.name} data={CHOICES} value={roleOf(app.id)} onChange={(v) => set(app.id, v ?? NONE)} allowDeselect={false} size="sm" />
      ))}
      {error && <Input.Error role="alert">{error}</Input.Error>}
      </Stack>
    </Fieldset>
  );
}
