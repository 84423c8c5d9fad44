import { Button, Group, Select, Stack, Table } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { orgKey, useOrg } from '../orgs/org-context';
import { actionLabel } from './audit-text';
import { AuditRow } from './AuditRow';
import { ListState } from './ListState';
import { SettingsPage } from './SettingsPage';

const PAGE = 50;

function Filters({ slug, action, actor, set }: { slug: string; action: string | null; actor: string | null; set: (changes: Partial<Record<'action' | 'actor', string | null>>) => void }) {
  const filters = useQuery({ queryKey: [...orgKey(slug), 'audit', 'filters'], queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/audit-events/filters', { params: { path: { org: slug } } })) });
  const actions = filters.data?.actions.map((a) => ({ value: a, label: actionLabel(a) })) ?? [];
  const actors = filters.data?.actors.map((a) => ({ value: a.ref, label: a.name })) ?? [];
  if (action && !actions.some((a) => a.value === action)) actions.push({ value: action, label: actionLabel(action) });
  if (actor && !actors.some((a) => a.value === actor)) actors.push({ value: actor, label: actor });
  return (
    <Group align="flex-end" gap="sm">
      <Select label="Action" placeholder="Any action" data={actions} value={action} onChange={(v) => set({ action: v })} clearable searchable w={260} disabled={filters.isPending} nothingFoundMessage="No such action" />
      <Select
        label="Actor"
        placeholder="Anyone"
        data={actors}
        value={actor}
        onChange={(v) => set({ actor: v })}
        clearable
        searchable
        w={260}
        disabled={filters.isPending}
        nothingFoundMessage="Nobody by that name"
        description={filters.data?.moreActors ? 'Showing 200 actors; pick someone from the log to filter by them.' : undefined}
      />
      {(action || actor) && <Button variant="subtle" onClick={() => set({ action: null, actor: null })}>Clear filters</Button>}
    </Group>
  );
}

/** The audit log: who did what, newest first, filtered by action and actor (kept in the address), paged. */
export function AuditPage() {
  const { slug } = useOrg();
  const [params, setParams] = useSearchParams();
  const action = params.get('action');
  const actor = params.get('actor');
  const set = (changes: Partial<Record<'action' | 'actor', string | null>>) =>
    setParams((p) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value) p.set(key, value);
        else p.delete(key);
      }
      return p;
    }, { replace: true });
  const events = useInfiniteQuery({
    queryKey: [...orgKey(slug), 'audit', { action, actor }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/orgs/{org}/audit-events', { params: { path: { org: slug }, query: { limit: PAGE, cursor: pageParam, action: action ?? undefined, actor: actor ?? undefined } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <SettingsPage title="Audit log" description="Who did what in this organization, newest first. Entries cannot be changed or removed.">
      <Filters slug={slug} action={action} actor={actor} set={set} />
      <ListState
        query={events}
        what="the audit log"
        isEmpty={items.length === 0}
        empty={{ title: action || actor ? 'Nothing matches these filters' : 'Nothing recorded yet', description: action || actor ? 'Try another action or actor, or clear the filters.' : undefined }}
      >
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={300}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th hiddenFrom="sm">Entry</Table.Th>
                  <Table.Th visibleFrom="sm">When</Table.Th>
                  <Table.Th visibleFrom="sm">Actor</Table.Th>
                  <Table.Th visibleFrom="sm">Action</Table.Th>
                  <Table.Th visibleFrom="sm">Target</Table.Th>
                  <Table.Th visibleFrom="sm" miw={200}>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => <AuditRow key={e.id} event={e} filteredByActor={actor === e.actor} onFilterActor={(ref) => set({ actor: ref })} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {events.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>Show older entries</Button>
            </Group>
          )}
        </Stack>
      </ListState>
    </SettingsPage>
  );
}
