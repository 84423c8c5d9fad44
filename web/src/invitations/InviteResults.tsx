import { Badge, Group, Pagination, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { InviteResult } from './invite-batch';
import { countOutcomes, describeOutcome, outcomeKinds, outcomeLabel, type OutcomeKind } from './outcomes';

const PAGE = 50;

/** After inviting: how many addresses ended each way, and each address with what happened to it. */
export function InviteResults({ results }: { results: InviteResult[] }) {
  const counts = countOutcomes(results);
  const [shown, setShown] = useState<OutcomeKind | 'all'>('all');
  const [page, setPage] = useState(1);
  const described = results.map((r) => ({ email: r.email, words: describeOutcome(r) }));
  const rows = shown === 'all' ? described : described.filter((r) => r.words.kind === shown);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const present = outcomeKinds.filter((k) => counts[k] > 0);
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap" aria-label="Results by outcome" role="list">
        {present.map((k) => (
          <Badge key={k} role="listitem" variant="light" color={described.find((d) => d.words.kind === k)?.words.color} size="lg" tt="none">
            {outcomeLabel(k)}: {counts[k].toLocaleString()}
          </Badge>
        ))}
      </Group>
      {present.length > 1 && (
        <SegmentedControl
          size="xs" value={shown} aria-label="Show"
          data={[{ value: 'all', label: 'All' }, ...present.map((k) => ({ value: k, label: outcomeLabel(k) }))]}
          onChange={(v) => { setShown(v as OutcomeKind | 'all'); setPage(1); }}
        />
      )}
      <Table verticalSpacing={6} striped aria-label="What happened to each address">
        <Table.Thead>
          <Table.Tr><Table.Th>Address</Table.Th><Table.Th>Result</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.slice((page - 1) * PAGE, page * PAGE).map((r, i) => (
            <Table.Tr key={`${r.email}-${i}`}>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{r.email}</Text>
                <Text size="xs" c="dimmed">{r.words.detail}</Text>
              </Table.Td>
              <Table.Td w={1}><Badge variant="light" color={r.words.color} tt="none" miw="max-content">{r.words.label}</Badge></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" aria-label="Result pages" />}
    </Stack>
  );
}
