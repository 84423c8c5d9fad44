import { Badge, Button, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { formatWhen } from './format';
import { ListState } from './ListState';
import { SettingsPage } from './SettingsPage';

type Notification = Schemas['Notification'];
type Status = Schemas['NotificationStatus'];

const PAGE = 50;
const STATUSES: { value: Status; label: string; color: string }[] = [
  { value: 'queued', label: 'Queued', color: 'blue' },
  { value: 'sent', label: 'Sent', color: 'teal' },
  { value: 'failed', label: 'Failed', color: 'red' },
  { value: 'suppressed', label: 'Suppressed', color: 'gray' },
];
const KINDS: Record<string, string> = {
  invitation: 'Invitation',
  invitation_resend: 'Invitation (resent)',
  invitation_reminder: 'Reminder',
  invitation_accepted: 'Accepted notice',
  invitation_declined: 'Declined notice',
};
const CHANNELS: Record<Notification['channel'], string> = { email: 'Email', slack: 'Slack', webhook: 'Webhook' };
/** The emails whose link is removed when they fail: the invitation is resent instead of the message. */
const LINK_KINDS = new Set(['invitation', 'invitation_resend', 'invitation_reminder']);

function RowAction({ n }: { n: Notification }) {
  const { slug } = useOrg();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: orgKey(slug) });
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/orgs/{org}/notifications/{id}/retry', { params: { path: { org: slug, id: n.id } } })),
    onSuccess: () => notifications.show({ color: 'teal', message: `The message to ${n.recipient} is queued again.` }),
    onError: (e) => notifications.show({ color: 'red', title: 'Could not retry', message: describeError(e) }),
    onSettled: refresh,
  });
  const resend = useMutation({
    mutationFn: (invitationId: string) => unwrap(api.POST('/api/v1/orgs/{org}/invitations/{id}/resend', { params: { path: { org: slug, id: invitationId } } })),
    onSuccess: () => notifications.show({ color: 'teal', message: `A new invitation email to ${n.recipient} is queued.` }),
    onError: (e) => notifications.show({ color: 'red', title: 'Could not resend the invitation', message: describeError(e) }),
    onSettled: refresh,
  });
  if (n.status !== 'failed') return null;
  if (LINK_KINDS.has(n.kind)) {
    const invitationId = n.invitationId;
    if (!invitationId) return null;
    const confirm = () =>
      modals.openConfirmModal({
        title: `Resend the invitation to ${n.recipient}?`,
        children: <Text size="sm">This email’s link was removed when it failed, so it cannot be sent again as it was. Resending emails {n.recipient} a new link with a new expiry date.</Text>,
        labels: { confirm: 'Resend invitation', cancel: 'Cancel' },
        onConfirm: () => resend.mutate(invitationId),
      });
    return <Button size="xs" variant="light" onClick={confirm} loading={resend.isPending} aria-label={`Resend the invitation to ${n.recipient}`}>Resend invitation</Button>;
  }
  return <Button size="xs" variant="light" onClick={() => retry.mutate()} loading={retry.isPending} aria-label={`Retry the message to ${n.recipient}`}>Retry</Button>;
}

function reasonOf(n: Notification): string {
  if (n.status === 'failed' || n.status === 'suppressed') return n.lastError ?? '';
  return n.status === 'queued' && n.lastError ? `Will retry: ${n.lastError}` : '';
}

function StatusCell({ n }: { n: Notification }) {
  const s = STATUSES.find((x) => x.value === n.status);
  const reason = reasonOf(n);
  return (
    <Stack gap={2} align="flex-start">
      <Badge variant="light" color={s?.color}>{s?.label ?? n.status}</Badge>
      {n.sentAt && <Text size="xs" c="dimmed" visibleFrom="sm">{formatWhen(n.sentAt)}</Text>}
      {reason && <Text size="xs" c={n.status === 'failed' ? 'red' : 'dimmed'} hiddenFrom="sm">{reason}</Text>}
    </Stack>
  );
}

/** One message. On phones the channel, time and reason fold into the other cells. */
function MessageRow({ n }: { n: Notification }) {
  const reason = reasonOf(n);
  const recipient = n.channel === 'slack' ? 'Slack channel' : n.recipient;
  return (
    <Table.Tr data-status={n.status}>
      <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}><Text size="sm">{formatWhen(n.createdAt)}</Text></Table.Td>
      <Table.Td>
        <Text size="sm">{KINDS[n.kind] ?? n.kind}</Text>
        <Text size="sm" hiddenFrom="sm" style={{ overflowWrap: 'anywhere' }}>{recipient}</Text>
        <Text size="xs" c="dimmed" hiddenFrom="sm">{CHANNELS[n.channel]} · {formatWhen(n.createdAt)}</Text>
      </Table.Td>
      <Table.Td visibleFrom="sm"><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{recipient}</Text></Table.Td>
      <Table.Td visibleFrom="sm"><Text size="sm">{CHANNELS[n.channel]}</Text></Table.Td>
      <Table.Td miw={110}><StatusCell n={n} /></Table.Td>
      <Table.Td visibleFrom="sm" maw={280}><Text size="sm" c={n.status === 'failed' ? 'red' : 'dimmed'}>{reason}</Text></Table.Td>
      <Table.Td visibleFrom="sm" ta="right"><Text size="sm">{n.attempts}</Text></Table.Td>
      <Table.Td ta="right"><RowAction n={n} /></Table.Td>
    </Table.Tr>
  );
}

/** The organization's messages: what was queued, sent, failed (with why) or suppressed (with why); retry failed ones. */
export function NotificationsPage() {
  const { slug } = useOrg();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = STATUSES.some((s) => s.value === raw) ? (raw as Status) : null;
  const list = useInfiniteQuery({
    queryKey: [...orgKey(slug), 'notifications', { status }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/orgs/{org}/notifications', { params: { path: { org: slug }, query: { limit: PAGE, cursor: pageParam, status: status ?? undefined } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const setStatus = (v: string | null) => setParams((p) => { if (v) p.set('status', v); else p.delete('status'); return p; }, { replace: true });
  return (
    <SettingsPage title="Notifications" description="Every email and Slack message Guestlist queued for this organization, newest first. Their content is not kept here: it carries invitation links.">
      <Group align="flex-end" gap="sm">
        <Select label="Status" placeholder="Any status" data={STATUSES.map(({ value, label }) => ({ value, label }))} value={status} onChange={setStatus} clearable w={220} />
      </Group>
      <ListState
        query={list}
        what="the notifications"
        isEmpty={items.length === 0}
        empty={{ title: status ? `No ${status} messages` : 'No messages yet', description: status ? 'Choose another status, or clear the filter.' : 'Invitation emails and notices appear here once something is sent.' }}
      >
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={360}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th visibleFrom="sm">Queued</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th visibleFrom="sm">Recipient</Table.Th>
                  <Table.Th visibleFrom="sm">Channel</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th visibleFrom="sm">Reason</Table.Th>
                  <Table.Th visibleFrom="sm" ta="right">Attempts</Table.Th>
                  <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((n) => <MessageRow key={n.id} n={n} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>Show older messages</Button>
            </Group>
          )}
        </Stack>
      </ListState>
    </SettingsPage>
  );
}
