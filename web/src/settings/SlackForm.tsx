import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, describeError } from '../api/problem';
import { useOrg } from '../orgs/org-context';
import { useSaveSettings } from './use-settings';

/**
 * The Slack incoming-webhook URL (a credential, so shown masked). The server checks it against the
 * outbound policy and answers slack_webhook_url_refused with the reason, shown on the field.
 */
export function SlackForm() {
  const org = useOrg();
  const save = useSaveSettings();
  const current = org.settings.slackWebhookUrl;
  const [error, setError] = useState<string>();
  const form = useForm({
    initialValues: { url: current ?? '' },
    validate: { url: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? null : 'Paste the whole webhook URL, starting with https://') },
  });

  const store = async (url: string | null) => {
    setError(undefined);
    try {
      const saved = await save.mutateAsync({ slackWebhookUrl: url });
      form.setValues({ url: saved.settings.slackWebhookUrl ?? '' });
      form.resetDirty({ url: saved.settings.slackWebhookUrl ?? '' });
      notifications.show({ color: 'teal', message: url ? 'Slack notices will be posted to this webhook.' : 'The Slack webhook was removed; nothing is posted to Slack.' });
    } catch (e) {
      const field = e instanceof ApiError ? (e.forField('slackWebhookUrl') ?? (e.code === 'slack_webhook_url_refused' ? e.message : undefined)) : undefined;
      if (field) form.setFieldError('url', field);
      else setError(describeError(e));
    }
  };

  const confirmRemove = () =>
    modals.openConfirmModal({
      title: 'Remove the Slack webhook?',
      children: <Text size="sm">Guestlist stops posting to Slack for {org.name}. Slack messages already queued will fail for lack of a webhook.</Text>,
      labels: { confirm: 'Remove webhook', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => void store(null),
    });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={form.onSubmit(({ url }) => store(url.trim()))} noValidate>
        <Stack gap="sm">
          <Stack gap={2}>
            <Title order={2} size="h4">Slack</Title>
            <Text size="sm" c="dimmed">
              Guestlist posts to this Slack incoming webhook when someone accepts or declines an invitation. Only https://hooks.slack.com is accepted unless the operator allows other hosts.
            </Text>
          </Stack>
          {error && <Alert color="red" role="alert" title="Could not save">{error}</Alert>}
          <PasswordInput
            label="Slack webhook URL"
            placeholder="https://hooks.slack.com/services/…"
            autoComplete="off"
            spellCheck={false}
            maxLength={2000}
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the webhook URL' }}
            {...form.getInputProps('url')}
            aria-invalid={form.errors.url ? true : undefined}
          />
          <Group gap="sm">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save webhook</Button>
            {current && <Button variant="default" color="red" onClick={confirmRemove} disabled={save.isPending}>Remove webhook</Button>}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
