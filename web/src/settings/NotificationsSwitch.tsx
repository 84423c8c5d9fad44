import { Alert, Group, List, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import { orgKey, useOrg } from '../orgs/org-context';
import { plural } from './format';
import { useSaveSettings } from './use-settings';

/** How many messages wait in the queue (up to 200, then "200 or more"), for the confirmation. */
function useQueuedCount(slug: string) {
  return useQuery({
    queryKey: [...orgKey(slug), 'notifications', { status: 'queued', count: true }],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/orgs/{org}/notifications', { params: { path: { org: slug }, query: { status: 'queued', limit: 200 } } }));
      return { count: page.items.length, more: page.nextCursor !== null };
    },
  });
}

/**
 * What the confirmation says waits in the queue, read while it is open: the count may still be on
 * its way when the dialog opens (it said "nothing is waiting" for good when it was), and it is
 * asked again if stale.
 */
function QueuedCount({ slug }: { slug: string }) {
  const queued = useQueuedCount(slug);
  if (queued.isPending) return <Text size="sm">Counting the messages waiting in the queue…</Text>;
  if (queued.isError) return <Text size="sm">The messages waiting in the queue could not be counted; whatever is waiting will be suppressed and never sent.</Text>;
  const q = queued.data;
  return <Text size="sm">{q.count > 0 ? `${q.more ? `${q.count} or more messages` : plural(q.count, 'message')} waiting in the queue will be suppressed and never sent.` : 'Nothing is waiting in the queue right now.'}</Text>;
}

/**
 * "Enable notifications" (PRODUCT §1.4). Switching off asks first: it mutes everyone's email and
 * Slack, and suppresses what is queued. Switching on sends nothing by itself.
 */
export function NotificationsSwitch() {
  const org = useOrg();
  const save = useSaveSettings();
  // Counted ahead, so the confirmation usually opens with the number.
  useQueuedCount(org.slug);
  const [error, setError] = useState<string>();
  const explanationId = useId();
  const on = org.settings.notificationsEnabled;

  const apply = async (enabled: boolean) => {
    setError(undefined);
    try {
      await save.mutateAsync({ notificationsEnabled: enabled });
      notifications.show({
        color: enabled ? 'teal' : 'orange',
        message: enabled
          ? 'Notifications are on. Nothing was sent by switching them on; send invitations from People when you are ready.'
          : 'Notifications are off. No email or Slack message leaves for this organization.',
      });
    } catch (e) {
      setError(describeError(e));
    }
  };

  const confirmOff = () => {
    modals.openConfirmModal({
      title: 'Switch notifications off for everyone?',
      children: (
        <Stack gap="xs">
          <Text size="sm">No email and no Slack message will leave for {org.name} until an admin switches notifications back on. This affects every admin and every way of inviting.</Text>
          <QueuedCount slug={org.slug} />
        </Stack>
      ),
      labels: { confirm: 'Switch off', cancel: 'Keep them on' },
      confirmProps: { color: 'red' },
      onConfirm: () => void apply(false),
    });
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h4">Notifications</Title>
            <Text size="sm" c="dimmed">Invitation emails, reminders, and notices when someone accepts or declines (by email and, if set below, Slack).</Text>
          </Stack>
        </Group>
        {error && <Alert color="red" role="alert" title="Could not change notifications">{error}</Alert>}
        <Switch
          size="md"
          label="Enable notifications"
          description={on ? 'On: messages are sent.' : 'Off: nothing is sent for this organization.'}
          checked={on}
          disabled={save.isPending}
          aria-describedby={explanationId}
          onChange={(e) => (e.currentTarget.checked ? void apply(true) : confirmOff())}
        />
        <Alert id={explanationId} variant="light" color={on ? 'gray' : 'orange'} title="What switching off does">
          <List size="sm" spacing={4}>
            <List.Item>It mutes every email and Slack message of this organization, whatever sends it: the console, the API or the reminder schedule.</List.Item>
            <List.Item>Messages already waiting in the queue are suppressed: they are never sent, even after notifications are switched back on.</List.Item>
            <List.Item>People can still be added while it is off, but no invitation email is made for them, and Send Invite and Resend are refused.</List.Item>
            <List.Item>Switching back on sends nothing by itself. Send invitations again from People when you are ready; scheduled reminders resume only for invitations whose email was delivered.</List.Item>
            <List.Item>Account emails (address verification, password reset) are not affected.</List.Item>
          </List>
        </Alert>
      </Stack>
    </Paper>
  );
}
