import { Group, Paper, Stack, Text } from '@mantine/core';
import type { Member } from '../api/types';
import { formatDate, memberDate } from './dates';
import { MemberActions } from './MemberActions';
import type { MemberListKind } from './MemberRow';
import { RoleSelect } from './RoleSelect';
import { SourceLabel } from './SourceLabel';
import { StatusBadge } from './StatusBadge';

/** One person on a phone: the row's content stacked in a card (the source under the status), with the same controls. */
export function MemberCard({ member, kind, withActions }: { member: Member; kind: MemberListKind; withActions: boolean }) {
  const date = memberDate(member);
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>{member.name || member.email}</Text>
            {member.name && <Text size="xs" c="dimmed" truncate>{member.email}</Text>}
          </Stack>
          {kind === 'users' && (
            <Stack gap={4} align="flex-end">
              <StatusBadge member={member} />
              <SourceLabel source={member.source} inCard />
            </Stack>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {date.label} <time dateTime={date.iso}>{formatDate(date.iso)}</time>
          {kind === 'users' && member.inviter && <> · by {member.inviter.name}</>}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <RoleSelect member={member} />
          {withActions && <MemberActions member={member} withSend={kind === 'users'} />}
        </Group>
      </Stack>
    </Paper>
  );
}
