import { Alert, Button, Group, List, Loader, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';
import { usePeopleCounts } from './counts';
import { people } from './format';
import { NotificationsOffAlert } from './invitation-actions';

type SendReport = Schemas['SendReport'];
const RESULT_MODAL = 'send-all-result';

/**
 * The outcome of a send to all pending: the counts, and the failures the server listed (a send to
 * all pending lists only its first failures; `counts.failed` is how many there were).
 */
function SendAllResult({ report }: { report: SendReport }) {
  const { invited, resent, failed } = report.counts;
  const shown = report.results.filter((r) => r.outcome === 'failed').slice(0, 50);
  return (
    <Stack gap="sm">
      <Text>
        {invited + resent === 0 ? 'No invitation was sent.' : `Sent to ${people(invited + resent)}: ${invited.toLocaleString()} new, ${resent.toLocaleString()} sent again with a new link.`}
      </Text>
      {failed > 0 && (
        <Alert color="red" variant="light" title={`${people(failed)} could not be sent to`}>
          <List size="sm" spacing={2}>
            {shown.map((f) => <List.Item key={f.member}>{f.email ?? f.member}: {f.message ?? f.code}</List.Item>)}
          </List>
          {failed > shown.length && <Text size="sm" mt={4}>and {(failed - shown.length).toLocaleString()} more.</Text>}
        </Alert>
      )}
      <Group justify="flex-end"><Button onClick={() => modals.close(RESULT_MODAL)}>Done</Button></Group>
    </Stack>
  );
}

/** "Send invites to all users": invites every member who has not joined, after a confirmation that says how many. */
export function SendAllButton() {
  const org = useOrg();
  const client = useQueryClient();
  const navigate = useNavigate();
  const counts = usePeopleCounts(org.slug);
  const n = counts.data?.pendingToSend;
  const muted = !org.settings.notificationsEnabled;

  const send = async () => {
    modals.open({
      modalId: RESULT_MODAL, title: 'Sending invitations', closeOnClickOutside: false, withCloseButton: false, children: <Group gap="sm"><Loader size="sm" aria-hidden /><Text>Sending the invitations…</Text></Group>,
    });
    try {
      const report = await unwrap(api.POST('/api/v1/orgs/{org}/invitations/send', { params: { path: { org: org.slug } }, body: { scope: 'pending' } }));
      modals.updateModal({ modalId: RESULT_MODAL, title: 'Invitations sent', withCloseButton: true, children: <SendAllResult report={report} /> });
    } catch (error) {
      modals.updateModal({
        modalId: RESULT_MODAL, title: 'Nothing was sent', withCloseButton: true,
        children: <Stack><Alert color="red" role="alert">{describeError(error)}</Alert><Group justify="flex-end"><Button onClick={() => modals.close(RESULT_MODAL)}>Close</Button></Group></Stack>,
      });
    } finally {
      await client.invalidateQueries({ queryKey: orgKey(org.slug) });
    }
  };

  const confirm = () =>
    modals.openConfirmModal({
      title: 'Send invitations to everyone who has not joined?',
      children: (
        <Stack gap="sm">
          <Text>{n === undefined ? 'Everyone who has not joined' : <b>{people(n)}</b>} will be emailed an invitation to {org.name}.</Text>
          <Text size="sm" c="dimmed">People never invited get a new invitation. People with an open or expired invitation get it again with a new link; their earlier link stops working.</Text>
          {muted && (
            <NotificationsOffAlert>
              Nothing will be sent while notifications are off for {org.name}.{' '}
              <Button variant="transparent" p={0} h="auto" onClick={() => { modals.closeAll(); navigate(`/o/${org.slug}/settings/features`); }}>Open Feature Management</Button>
            </NotificationsOffAlert>
          )}
        </Stack>
      ),
      labels: { confirm: n === undefined ? 'Send invitations' : `Send ${n.toLocaleString()} ${n === 1 ? 'invitation' : 'invitations'}`, cancel: 'Not now' },
      confirmProps: { disabled: muted },
      onConfirm: send,
    });

  const nobody = n === 0;
  const why = 'Everyone has joined or been removed: nobody is waiting for an invitation.';
  const button = (
    <Button
      variant="default" leftSection={<Icon name="send" size={16} />} onClick={nobody ? undefined : confirm} loading={counts.isPending}
      data-disabled={nobody || undefined} aria-disabled={nobody || undefined} aria-describedby={nobody ? 'send-all-none' : undefined}
    >
      Send invites to all users
    </Button>
  );
  if (!nobody) return button;
  return (
    <>
      <Tooltip label={why}>{button}</Tooltip>
      <VisuallyHidden id="send-all-none">{why}</VisuallyHidden>
    </>
  );
}
