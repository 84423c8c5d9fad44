import { Alert, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { ME_KEY } from '../auth/session';
import { formatDate, roleLabel } from './format';
import { notifications } from '@mantine/notifications';
import { MY_INVITATIONS_KEY, useMyInvitations } from './my-invitations';

type MyInvitation = Schemas['MyInvitation'];

function InvitationCard({ invitation: i, onJoined }: { invitation: MyInvitation; onJoined: (org: MyInvitation['organization']) => void }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState<'accept' | 'decline'>();
  const accept = async () => {
    setBusy('accept');
    try {
      await unwrap(api.POST('/api/v1/me/invitations/{id}/accept', { params: { path: { id: i.id } } }));
      await client.invalidateQueries({ queryKey: ME_KEY });
      onJoined(i.organization);
    } catch (e) {
      notifications.show({ color: 'red', title: `Could not join ${i.organization.name}`, message: describeError(e) });
      await client.invalidateQueries({ queryKey: MY_INVITATIONS_KEY });
    } finally {
      setBusy(undefined);
    }
  };
  const decline = () =>
    modals.openConfirmModal({
      title: `Decline the invitation to ${i.organization.name}?`,
      children: <Text size="sm">{i.inviter.name} is told that you declined. To join later, you need a new invitation.</Text>,
      labels: { confirm: 'Decline invitation', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        setBusy('decline');
        try {
          await unwrap(api.POST('/api/v1/me/invitations/{id}/decline', { params: { path: { id: i.id } } }));
          notifications.show({ color: 'gray', title: 'Invitation declined', message: `You declined the invitation to ${i.organization.name}.` });
        } catch (e) {
          notifications.show({ color: 'red', title: 'Could not decline the invitation', message: describeError(e) });
        } finally {
          setBusy(undefined);
          await client.invalidateQueries({ queryKey: MY_INVITATIONS_KEY });
        }
      },
    });
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: 'none' }}>
      <Text fw={600} size="sm">{i.organization.name}</Text>
      <Text size="xs" c="dimmed">Invited as {roleLabel[i.role]} by {i.inviter.name}</Text>
      <Text size="xs" c="dimmed">Expires {formatDate(i.expiresAt)}</Text>
      <Group gap="xs" mt="xs">
        <Button size="xs" onClick={accept} loading={busy === 'accept'} disabled={busy === 'decline'} aria-label={`Accept the invitation to ${i.organization.name}`}>Accept</Button>
        <Button size="xs" variant="default" onClick={decline} loading={busy === 'decline'} disabled={busy === 'accept'} aria-label={`Decline the invitation to ${i.organization.name}`}>Decline</Button>
      </Group>
    </Paper>
  );
}

/**
 * The signed-in person's pending invitations with Accept and Decline (R10), for the bell and the
 * welcome page. After accepting, the session is read again (the organization switcher shows the new
 * organization) and the organization is offered.
 */
export function PendingInvitationsList({ emptyText, onOpen }: { emptyText: string; onOpen?: () => void }) {
  const mine = useMyInvitations();
  const navigate = useNavigate();
  const [joined, setJoined] = useState<MyInvitation['organization']>();
  const open = (slug: string) => {
    onOpen?.();
    navigate(`/o/${slug}/people`);
  };
  return (
    <Stack gap="xs">
      {joined && (
        <Alert color="green" variant="light" title={`You joined ${joined.name}`} withCloseButton closeButtonLabel="Dismiss" onClose={() => setJoined(undefined)}>
          <Button size="xs" variant="light" color="green" mt={4} onClick={() => open(joined.slug)}>Open {joined.name}</Button>
        </Alert>
      )}
      {mine.isPending ? (
        <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading your invitations">
          <Skeleton h={70} />
          <Skeleton h={70} />
        </Stack>
      ) : mine.isError ? (
        <Alert color="red" role="alert" title="Could not load your invitations">{describeError(mine.error)}</Alert>
      ) : !mine.data.emailVerified ? (
        <Text size="sm" c="dimmed">Confirm your email address (use the link we sent you) to see invitations sent to it. An invitation link from an email works right away.</Text>
      ) : mine.data.items.length === 0 ? (
        !joined && <Text size="sm" c="dimmed">{emptyText}</Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} aria-label="Pending invitations">
          {mine.data.items.map((i) => <InvitationCard key={i.id} invitation={i} onJoined={setJoined} />)}
        </Stack>
      )}
    </Stack>
  );
}
