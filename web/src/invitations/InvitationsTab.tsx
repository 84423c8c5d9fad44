import { Alert, Button, Center, Group, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useActionRunner } from '../orgs/use-action-runner';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import { orgKey, useOrg } from '../orgs/org-context';
import { statusLabel, type InvitationStatus } from './format';
import type { ActionContext } from './invitation-actions';
import { InvitationList } from './InvitationList';
import { Icon } from '../ui/Icon';

const PAGE = 50;
const filters = [
  { value: 'all', label: 'All statuses' },
  ...(['pending', 'accepted', 'declined', 'revoked', 'expired'] as const).map((s) => ({ value: s, label: statusLabel[s] })),
];

function useInvitations(slug: string, status: InvitationStatus | undefined, q: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...orgKey(slug), 'invitations', { status, q }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/orgs/{org}/invitations', { params: { path: { org: slug }, query: { status, q, cursor: pageParam, limit: PAGE } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** People → Invitations: every invitation with its status, inviter and sending history; Resend and Cancel for admins. */
export function InvitationsTab() {
  const org = useOrg();
  const [status, setStatus] = useState<InvitationStatus | undefined>();
  const runner = useActionRunner(org.slug);
  const busy = runner.busy;
  const [typed, setTyped] = useState('');
  const [search] = useDebouncedValue(typed.trim(), 300);
  const list = useInvitations(org.slug, status, search || undefined);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const context: ActionContext = {
    org,
    run: (invitation, titles, change) => runner.run(invitation.id, titles, change),
  };

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search" placeholder="Email starts with…" leftSection={<Icon name="search" size={16} />}
          value={typed} onChange={(e) => setTyped(e.currentTarget.value)} maxLength={254} style={{ flex: '1 1 240px' }}
        />
        <Select
          label="Status" data={filters} value={status ?? 'all'} allowDeselect={false} w={200}
          onChange={(v) => setStatus(v && v !== 'all' ? (v as InvitationStatus) : undefined)}
        />
      </Group>
      {list.isError ? (
        <Alert color="red" role="alert" title="Could not load the invitations">{describeError(list.error)}</Alert>
      ) : list.isPending ? (
        <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading invitations">
          {[0, 1, 2, 3].map((i) => <Skeleton key={i} h={44} />)}
        </Stack>
      ) : items.length === 0 ? (
        <EmptyInvitations status={status} search={search} />
      ) : (
        <InvitationList items={items} context={context} busy={busy} canManage={org.role === 'admin'} />
      )}
      {list.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>Show more invitations</Button>
        </Center>
      )}
    </Stack>
  );
}

function EmptyInvitations({ status, search }: { status: InvitationStatus | undefined; search: string }) {
  if (search) {
    return (
      <Stack align="center" gap={4} py="xl">
        <Text fw={600}>No invitations to addresses starting with “{search}”</Text>
        <Text size="sm" c="dimmed" ta="center">Try another search{status ? ' or another status' : ''}.</Text>
      </Stack>
    );
  }
  return (
    <Stack align="center" gap={4} py="xl">
      <Text fw={600}>{status ? `No ${statusLabel[status].toLowerCase()} invitations` : 'No invitations yet'}</Text>
      <Text size="sm" c="dimmed" ta="center">
        {status ? 'Choose another status to see the rest.' : 'Invitations appear here once you invite people with "Invite New Users".'}
      </Text>
    </Stack>
  );
}
