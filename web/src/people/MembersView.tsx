import { Skeleton, Stack, Table } from '@mantine/core';
import type { Member } from '../api/types';
import { MemberCard } from './MemberCard';
import { memberColumns, MemberRow, type MemberListKind } from './MemberRow';

interface ViewProps {
  members: Member[] | undefined;
  kind: MemberListKind;
  withActions: boolean;
  /** A newer page is on its way (the rows shown are the previous ones). */
  refreshing: boolean;
}

/** The people as a table (laptop): one row each, scrolling sideways when the window is narrow. */
export function MembersTable({ members, kind, withActions, refreshing }: ViewProps) {
  const columns = memberColumns(kind, withActions);
  return (
    <Table.ScrollContainer minWidth={kind === 'users' ? 940 : 620} type="native">
      <Table verticalSpacing="sm" highlightOnHover aria-busy={refreshing || !members} style={{ opacity: refreshing ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => <Table.Th key={c} style={c === 'Actions' ? { textAlign: 'right' } : undefined}>{c}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members
            ? members.map((m) => <MemberRow key={m.id} member={m} kind={kind} withActions={withActions} />)
            : Array.from({ length: 5 }, (_, row) => (
                <Table.Tr key={row}>
                  {columns.map((c) => <Table.Td key={c}><Skeleton height={14} radius="sm" width={c === 'Name' ? '70%' : '60%'} /></Table.Td>)}
                </Table.Tr>
              ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The people as cards (phone): the same content and controls, stacked. */
export function MemberCards({ members, kind, withActions, refreshing }: ViewProps) {
  return (
    <Stack component="ul" aria-label="People" aria-busy={refreshing || !members} gap="xs" p={0} m={0} style={{ listStyle: 'none', opacity: refreshing ? 0.6 : 1 }}>
      {members
        ? members.map((m) => <MemberCard key={m.id} member={m} kind={kind} withActions={withActions} />)
        : Array.from({ length: 4 }, (_, i) => <li key={i}><Skeleton height={96} radius="md" /></li>)}
    </Stack>
  );
}
