import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, describeError } from '../api/problem';
import { useOrg } from '../orgs/org-context';
import { plural } from './format';
import { useSaveSettings } from './use-settings';

/** How long an invitation link works (1–30 days), for invitations sent or resent from now on. */
export function LifetimeForm() {
  const org = useOrg();
  const save = useSaveSettings();
  const [error, setError] = useState<string>();
  const form = useForm<{ days: number | string }>({
    initialValues: { days: org.settings.invitationTtlDays },
    validate: { days: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 30 ? null : 'Choose a whole number of days from 1 to 30') },
  });
  const submit = form.onSubmit(async ({ days }) => {
    setError(undefined);
    try {
      const saved = await save.mutateAsync({ invitationTtlDays: Number(days) });
      form.resetDirty({ days: saved.settings.invitationTtlDays });
      notifications.show({ color: 'teal', message: `Invitations sent from now on work for ${plural(saved.settings.invitationTtlDays, 'day')}.` });
    } catch (e) {
      const field = e instanceof ApiError ? e.forField('invitationTtlDays') : undefined;
      if (field) form.setFieldError('days', field);
      else setError(describeError(e));
    }
  });
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Stack gap={2}>
            <Title order={2} size="h4">Invitation lifetime</Title>
            <Text size="sm" c="dimmed">
              How long an invitation link works. A change applies to invitations sent or resent from now on; invitations already sent keep their expiry date.
            </Text>
          </Stack>
          {error && <Alert color="red" role="alert" title="Could not save">{error}</Alert>}
          <Group align="flex-end" gap="sm">
            <NumberInput label="Days" min={1} max={30} step={1} allowDecimal={false} clampBehavior="none" w={140} {...form.getInputProps('days')} />
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save lifetime</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
