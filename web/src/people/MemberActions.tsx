import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Member } from '../api/types';
import { Icon } from '../ui/Icon';
import { LAST_ADMIN_REASON } from './lastAdmin';
import { ManageMemberModal } from './ManageMemberModal';
import { displayName } from './notices';
import { useMemberActions } from './useMemberActions';

/** A menu entry the last admin cannot use: still focusable, so its tooltip says why. */
function BlockedItem({ label, reason }: { label: string; reason: string }) {
  return (
    <Tooltip label={reason} multiline w={240} position="left" withArrow events={{ hover: true, focus: true, touch: true }}>
      <Menu.Item data-disabled aria-disabled closeMenuOnClick={false} onClick={(e) => e.preventDefault()} aria-label={`${label} (not possible: ${reason})`}>
        {label}
      </Menu.Item>
    </Tooltip>
  );
}

/**
 * An admin's actions on one row: "Send invite" for people who have not joined, and a menu with
 * Manage, Deactivate or Reactivate, and Remove. The last admin's blocked actions explain why.
 */
export function MemberActions({ member, withSend = true }: { member: Member; withSend?: boolean }) {
  const [managing, manage] = useDisclosure(false);
  const { send, status, remove, confirmRemove, confirmStatus } = useMemberActions(member);
  const name = displayName(member);
  const resend = member.badge === 'invited' || member.badge === 'expired';
  const sendLabel = resend ? 'Resend invite' : 'Send invite';
  return (
    <Group gap={6} wrap="nowrap" justify="flex-end">
      {withSend && member.status === 'pending' && (
        <Button size="compact-sm" variant="light" leftSection={<Icon name="send" size={14} />} loading={send.isPending} onClick={() => send.mutate()} aria-label={`${sendLabel} to ${name}`}>
          {resend ? 'Resend' : 'Send invite'}
        </Button>
      )}
      <Menu position="bottom-end" withinPortal shadow="md" width={200}>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`} loading={status.isPending || remove.isPending}>
            <Icon name="dots" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={manage.open}>Manage…</Menu.Item>
          {member.status === 'active' && (member.isLastAdmin
            ? <BlockedItem label="Deactivate…" reason={LAST_ADMIN_REASON} />
            : <Menu.Item onClick={() => confirmStatus('deactivated')}>Deactivate…</Menu.Item>)}
          {member.status === 'deactivated' && member.accountId && <Menu.Item onClick={() => confirmStatus('active')}>Reactivate…</Menu.Item>}
          <Menu.Divider />
          {member.isLastAdmin
            ? <BlockedItem label="Remove…" reason={LAST_ADMIN_REASON} />
            : <Menu.Item color="red" onClick={confirmRemove}>Remove…</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      {managing && <ManageMemberModal member={member} onClose={manage.close} />}
    </Group>
  );
}
