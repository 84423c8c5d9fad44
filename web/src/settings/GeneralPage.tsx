import { ActionIcon, Alert, Button, CopyButton, Group, Paper, Stack, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, describeError } from '../api/problem';
import { useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';
import { formatDay } from './format';
import { SettingsPage } from './SettingsPage';
import { useSaveSettings } from './use-settings';

function CopyField({ label, value, description }: { label: string; value: string; description?: string }) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy the ${label.toLowerCase()}`} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy the ${label.toLowerCase()}`}>
                <Icon name={copied ? 'check' : 'copy'} size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

/** The organization's name (editable) and its fixed identifiers. */
export function GeneralPage() {
  const org = useOrg();
  const save = useSaveSettings();
  const [error, setError] = useState<string>();
  const form = useForm({
    initialValues: { name: org.name },
    validate: { name: (v) => (!v.trim() ? 'Give the organization a name' : v.trim().length > 200 ? 'Use at most 200 characters' : null) },
  });
  const submit = form.onSubmit(async ({ name }) => {
    setError(undefined);
    try {
      const saved = await save.mutateAsync({ name: name.trim() });
      form.setValues({ name: saved.name });
      form.resetDirty({ name: saved.name });
      notifications.show({ color: 'teal', message: `The organization is now called “${saved.name}”.` });
    } catch (e) {
      const field = e instanceof ApiError ? e.forField('name') : undefined;
      if (field) form.setFieldError('name', field);
      else setError(describeError(e));
    }
  });
  return (
    <SettingsPage title="General" description="The organization's name, shown to members and in every email Guestlist sends for it.">
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} maw={640}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {error && <Alert color="red" role="alert" title="Could not save">{error}</Alert>}
            <TextInput label="Organization name" required maxLength={200} {...form.getInputProps('name')} />
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save name</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} maw={640}>
        <Stack gap="sm">
          <CopyField label="Slug" value={org.slug} description={`Used in addresses and in the API as {org}. It cannot be changed. Created ${formatDay(org.createdAt)}.`} />
          <CopyField label="Organization ID" value={org.id} description="Also accepted wherever the API takes {org}." />
        </Stack>
      </Paper>
    </SettingsPage>
  );
}
