import { Alert, Button, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Member } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { AppAccessField, type AppGrant } from './AppAccessField';
import { placeFieldErrors } from './fieldErrors';
import { displayName, notifyDone } from './notices';
import { ROLE_LABELS } from './roles';
import { SOURCES } from './source';

const FIELDS = ['name', 'teams', 'apps'] as const;

/** The organization's teams (GET /teams), for the teams picker. */
function useTeams() {
  const { slug } = useOrg();
  return useQuery({ queryKey: [...orgKey(slug), 'teams'], queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/teams', { params: { path: { org: slug } } })) });
}

/**
 * "Manage": a member's name, teams and, for guests, app access, saved in one PATCH. Problems
 * land on the field they are about; the rest shows above the buttons.
 */
export function ManageMemberModal({ member, onClose }: { member: Member; onClose: () => void }) {
  const { slug } = useOrg();
  const client = useQueryClient();
  const teams = useTeams();
  const [error, setError] = useState<string>();
  const guest = member.role === 'guest';
  const scim = member.source === 'scim';
  const form = useForm({
    initialValues: {
      name: member.name ?? '',
      teams: member.teams.map((t) => t.id),
      apps: member.apps.map(({ appId, appRole }): AppGrant => ({ appId, appRole })),
    },
    validate: { name: (v) => (v.length > 200 ? 'At most 200 characters' : null) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      unwrap(api.PATCH('/api/v1/orgs/{org}/members/{id}', {
        params: { path: { org: slug, id: member.id } },
        body: { name: values.name.trim() || null, teams: values.teams, ...(guest ? { apps: values.apps } : {}) },
      })),
    onSuccess: async (m) => {
      notifyDone(`Saved ${displayName(m)}.`);
      await client.invalidateQueries({ queryKey: orgKey(slug) });
      onClose();
    },
    onError: (e) => setError(placeFieldErrors(e, FIELDS, form.setFieldError)),
  });
  return (
    <Modal opened onClose={onClose} title={`Manage ${displayName(member)}`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={form.onSubmit((values) => { setError(undefined); save.mutate(values); })} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {member.name ? `${member.email} · ` : ''}{ROLE_LABELS[member.role]}{scim ? '' : ` · ${SOURCES[member.source].description}`}
          </Text>
          {scim && (
            <Alert color="indigo" title="Managed by your identity provider">
              Added by SCIM provisioning from your identity provider (such as Entra ID or Okta). Its next sync may overwrite changes made here.
            </Alert>
          )}
          <TextInput label="Name" description="As shown in the console and in emails" maxLength={200} {...form.getInputProps('name')} />
          <MultiSelect
            label="Teams"
            description={teams.data?.items.length === 0 ? 'This organization has no teams yet; admins add them in Settings → Teams.' : 'Teams can be given before the person joins.'}
            placeholder={form.values.teams.length ? undefined : 'No teams'}
            data={teams.data?.items.map((t) => ({ value: t.id, label: t.name })) ?? []}
            disabled={!teams.data?.items.length}
            searchable
            clearable
            error={form.errors.teams ?? (teams.isError ? describeError(teams.error) : undefined)}
            value={form.values.teams}
            onChange={(v) => form.setFieldValue('teams', v)}
          />
          {guest && <AppAccessField value={form.values.apps} onChange={(v) => form.setFieldValue('apps', v)} error={form.errors.apps as string | undefined} />}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
