import { ActionIcon, Indicator, Popover, Text, Title } from '@mantine/core';
import { useDisclosure, useId } from '@mantine/hooks';
import { Icon } from '../ui/Icon';
import { useMyInvitations } from './my-invitations';
import { PendingInvitationsList } from './PendingInvitationsList';

/** The header's bell: how many invitations wait for the signed-in person, listed with Accept and Decline (R10). */
export function Bell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const count = useMyInvitations().data?.count ?? 0;
  const titleId = useId();
  return (
    <Indicator label={count > 9 ? '9+' : count} disabled={count === 0} size={16} offset={4} color="red">
      <Popover opened={opened} onChange={(o) => { if (!o) close(); }} position="bottom-end" width="min(360px, calc(100vw - 24px))" shadow="md" trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="default" size="lg" onClick={toggle} aria-label={`Invitations (${count} pending)`}>
            <Icon name="bell" />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-labelledby={titleId}>
          <Title order={2} size="h5" mb="xs" id={titleId}>Invitations</Title>
          <PendingInvitationsList emptyText="No invitations are waiting for you." onOpen={close} />
          {count > 0 && <Text size="xs" c="dimmed" mt="xs">Accepting adds the organization to your organization switcher.</Text>}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
