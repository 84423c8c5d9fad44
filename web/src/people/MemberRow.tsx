import { Group, Stack, Table, Text } from '@mantine/core';
import type { Member } from '../api/types';
import { memberDate, formatDate } from './dates';
import { MemberActions } from './MemberActions';
import { RoleSelect } from './RoleSelect';
import { SourceLabel } from './SourceLabel';
import { StatusBadge } from './StatusBadge';

/** Which list a row belongs to: Users shows status, source and inviter; Platform Access only active people. */
export type MemberListKind = 'users' | 'platform';

/** The column headers of each list (the last one, the actions, only for admins). */
export function memberColumns(kind: MemberListKind, withActions: boolean): string[] {
  const columns = kind === 'users' ? ['Name', 'Role', 'Status', 'Date', 'Source', 'Invited by'] : ['Name', 'Role', 'Joined'];
  return withActions ? [...columns, 'Actions'] : columns;
}

/** One person in a members table: name and address, role (a dropdown for admins), status, date, source, inviter, actions. */
export function MemberRow({ member, kind, withActions }: { member: Member; kind: MemberListKind; withActions: boolean }) {
  const date = memberDate(member);
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm" fw={500}>{member.name || member.email}</Text>
          {member.name && <Text size="xs" c="dimmed">{member.email}</Text>}
        </Stack>
      </Table.Td>
      <Table.Td><RoleSelect member={member} /></Table.Td>
      {kind === 'users' && <Table.Td><StatusBadge member={member} /></Table.Td>}
      <Table.Td>
        <Stack gap={0}>
          {kind === 'users' && <Text size="xs" c="dimmed">{date.label}</Text>}
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}><time dateTime={date.iso}>{formatDate(date.iso)}</time></Text>
        </Stack>
      </Table.Td>
      {kind === 'users' && <Table.Td><SourceLabel source={member.source} /></Table.Td>}
      {kind === 'users' && <Table.Td maw={180}><Text size="sm">{member.inviter?.name ?? '—'}</Text></Table.Td>}
      {withActions && (
        <Table.Td>
          <Group justify="flex-end" wrap="nowrap"><MemberActions member={member} withSend={kind === 'users'} /></Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
