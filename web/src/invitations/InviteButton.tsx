import { Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { orgKey, useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';
import { InviteForm, type InviteRequest } from './InviteForm';
import { InviteResults } from './InviteResults';
import { inviteInChunks, type InviteResult } from './invite-batch';

type Stage = { step: 'compose' } | { step: 'sending'; done: number; total: number } | { step: 'done'; results: InviteResult[] };

/** "Invite New Users": a dialog to add (and invite) many people at once, with progress and a per-address result. */
export function InviteButton() {
  const org = useOrg();
  const client = useQueryClient();
  const phone = useMediaQuery('(max-width: 48em)');
  const [opened, setOpened] = useState(false);
  const [stage, setStage] = useState<Stage>({ step: 'compose' });
  const sending = stage.step === 'sending';

  const send = async ({ addresses, ...options }: InviteRequest) => {
    setStage({ step: 'sending', done: 0, total: addresses.length });
    const results = await inviteInChunks(org.slug, addresses, options, (done) => setStage({ step: 'sending', done, total: addresses.length }));
    setStage({ step: 'done', results });
    await client.invalidateQueries({ queryKey: orgKey(org.slug) });
  };
  const close = () => {
    if (sending) return;
    setOpened(false);
    setStage({ step: 'compose' });
  };

  return (
    <>
      <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setOpened(true)}>Invite New Users</Button>
      <Modal
        opened={opened} onClose={close} size="lg" fullScreen={phone} closeOnClickOutside={!sending} closeOnEscape={!sending} withCloseButton={!sending}
        title={stage.step === 'done' ? 'Invitation results' : `Invite people to ${org.name}`}
      >
        {stage.step === 'compose' && <InviteForm org={org} onSubmit={send} />}
        {stage.step === 'sending' && (
          <Stack gap="sm" py="md">
            <Text size="sm" aria-live="polite">Adding {stage.done.toLocaleString()} of {stage.total.toLocaleString()} addresses…</Text>
            <Progress value={(stage.done / stage.total) * 100} aria-label="Invitations sent so far" animated size="lg" />
            <Text size="xs" c="dimmed">Keep this window open until it finishes.</Text>
          </Stack>
        )}
        {stage.step === 'done' && (
          <Stack gap="md">
            <InviteResults results={stage.results} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setStage({ step: 'compose' })}>Invite more people</Button>
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
