import { Select, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { Member, Role } from '../api/types';
import { useMe } from '../auth/session';
import { useOrg } from '../orgs/org-context';
import { LAST_ADMIN_REASON } from './lastAdmin';
import { displayName } from './notices';
import { grantableRoles, ROLE_LABELS, roleOptions } from './roles';
import { useMemberActions } from './useMemberActions';

/**
 * A member's role: a dropdown of the roles the viewer may give, or plain text for viewers who
 * change no roles. The last admin's is disabled and says why; demoting yourself asks first.
 */
export function RoleSelect({ member }: { member: Member }) {
  const org = useOrg();
  const me = useMe().data;
  const { role } = useMemberActions(member);
  const roles = grantableRoles(org.role);
  if (roles.length === 0) return <Text size="sm">{ROLE_LABELS[member.role]}</Text>;
  const name = displayName(member);
  const change = (to: Role) => {
    if (to === member.role) return;
    if (member.accountId && member.accountId === me?.account.id && member.role === 'admin') {
      modals.openConfirmModal({
        title: 'Stop being an admin?',
        children: <Text size="sm">You will no longer manage people, invitations or settings in {org.name}. Another admin can make you an admin again.</Text>,
        labels: { confirm: `Make me ${to === 'member' ? 'a member' : 'a guest'}`, cancel: 'Cancel' },
        confirmProps: { color: 'red' },
        onConfirm: () => role.mutate(to),
      });
    } else role.mutate(to);
  };
  const select = (
    <Select
      aria-label={member.isLastAdmin ? `Role of ${name} (cannot change: ${LAST_ADMIN_REASON})` : `Role of ${name}`}
      data={roleOptions(roles.includes(member.role) ? roles : [member.role, ...roles])}
      value={role.isPending ? role.variables : member.role}
      onChange={(v) => v && change(v as Role)}
      allowDeselect={false}
      disabled={member.isLastAdmin || role.isPending}
      size="xs"
      w={120}
      comboboxProps={{ withinPortal: true }}
    />
  );
  if (!member.isLastAdmin) return select;
  return (
    <Tooltip label={LAST_ADMIN_REASON} multiline w={240} withArrow>
      <div style={{ width: 'fit-content' }}>{select}</div>
    </Tooltip>
  );
}
