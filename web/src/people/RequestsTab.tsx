import { Alert, Button, Center, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useActionRunner } from '../orgs/use-action-runner';
import { describeError } from '../api/problem';
import { orgKey, useOrg } from '../orgs/org-context';
import { confirmDismissStale, type RequestActionContext } from './request-actions';
import { REQUEST_EMPTY, REQUEST_FILTERS, REQUESTS_OFF_HINT } from './request-format';
import { useInvitationRequests, type InvitationRequest, type RequestStatus } from './request-queries';
import { RequestApproveModal } from './RequestApproveModal';
import { RequestList } from './RequestList';

type Filter = RequestStatus | 'all';

/**
 * People → Invitation requests (admins): invitation requests people confirmed from the organization's
 * sign-in page. Open ones are approved (an invitation with the role chosen) or dismissed; stale
 * ones (the person joined meanwhile) are dismissed, one by one or all at once.
 */
export function RequestsTab() {
  const org = useOrg();
  const [filter, setFilter] = useState<Filter>('open');
  const runner = useActionRunner(org.slug);
  const busy = runner.busy;
  const [approving, setApproving] = useState<InvitationRequest>();
  const list = useInvitationRequests(org.slug, filter === 'all' ? undefined : filter);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const stale = list.data?.pages[0]?.counts.stale ?? 0;
  const off = !org.settings.invitationRequestsEnabled;

  const context: RequestActionContext = {
    org,
    approve: setApproving,
    run: (id, titles, change) => runner.run(id ?? 'stale', titles, change),
  };

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" justify="space-between" wrap="wrap">
        <Select label="Status" data={REQUEST_FILTERS} value={filter} allowDeselect={false} w={200} onChange={(v) => v && setFilter(v as Filter)} />
        {stale > 0 && (
          <Button variant="default" color="red" loading={busy === 'stale'} onClick={() => confirmDismissStale(stale, context)}>
            Dismiss stale ({stale.toLocaleString()})
          </Button>
        )}
      </Group>
      {list.isError ? (
        <Alert color="red" role="alert" title="Could not load the requests">{describeError(list.error)}</Alert>
      ) : list.isPending ? (
        <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading requests">
          {[0, 1, 2].map((i) => <Skeleton key={i} h={44} />)}
        </Stack>
      ) : items.length === 0 ? (
        <Stack align="center" gap={4} py="xl">
          <Text fw={600}>{REQUEST_EMPTY[filter].title}</Text>
          <Text size="sm" c="dimmed" ta="center">{off && (filter === 'open' || filter === 'all') ? REQUESTS_OFF_HINT : REQUEST_EMPTY[filter].hint}</Text>
        </Stack>
      ) : (
        <RequestList items={items} context={context} busy={busy} />
      )}
      {list.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>Show more requests</Button>
        </Center>
      )}
      {approving && <RequestApproveModal request={approving} onClose={() => setApproving(undefined)} />}
    </Stack>
  );
}
