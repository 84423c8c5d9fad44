import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Icon } from '../ui/Icon';
import { AddUserModal } from './AddUserModal';

/** "Add user": one person by name, email and role, created with or without an invitation. */
export function AddUserButton() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" leftSection={<Icon name="plus" size={16} />} onClick={open}>Add user</Button>
      {opened && <AddUserModal onClose={close} />}
    </>
  );
}
