import { Group } from '@mantine/core';
import { InviteButton } from '../invitations/InviteButton';
import { SendAllButton } from '../invitations/SendAllButton';
import { AddUserButton } from './AddUserButton';

/** The admin's actions above the People tabs: invite many, add one, send to everyone pending. */
export function PeopleActions() {
  return (
    <Group gap="xs" wrap="wrap">
      <SendAllButton />
      <AddUserButton />
      <InviteButton />
    </Group>
  );
}
