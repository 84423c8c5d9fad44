import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { ApiError, describeError } from '../api/problem';
import { useOrg } from '../orgs/org-context';
import { MemberFilters, NO_FILTERS, type FilterValues } from './MemberFilters';
import type { MemberListKind } from './MemberRow';
import { MembersEmpty } from './MembersEmpty';
import { MemberCards, MembersTable } from './MembersView';
import { useMembers } from './useMembers';

/**
 * A members list with search, filters and keyset paging: the Users tab (everyone, with status
 * and inviter) and the Platform Access tab (active people). Admins get the row controls; a table
 * on laptops, cards on phones.
 */
export function MembersList({ kind }: { kind: MemberListKind }) {
  const org = useOrg();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [values, setValues] = useState<FilterValues>(NO_FILTERS);
  const [search] = useDebouncedValue(values.search.trim(), 300);
  const filtered = search !== '' || values.status !== null || values.role !== null;
  const { query, page, hasNext, hasPrevious, next, previous } = useMembers({
    q: search || undefined,
    status: kind === 'platform' ? 'active' : (values.status ?? undefined),
    role: values.role ?? undefined,
  });

  if (query.error instanceof ApiError && query.error.status === 403) {
    return <Alert color="gray" title="The people list is for members and admins" role="status">As a guest of {org.name} you see only the apps you were given.</Alert>;
  }
  const members = query.data?.items;
  const View = phone ? MemberCards : MembersTable;
  return (
    <Stack gap="md">
      <MemberFilters values={values} onChange={setValues} withStatus={kind === 'users'} />
      {query.isError && <Alert color="red" role="alert" title="Could not load the list">{describeError(query.error)}</Alert>}
      {!query.isError && <View members={members} kind={kind} withActions={org.role === 'admin'} refreshing={query.isPlaceholderData} />}
      {members?.length === 0 && <MembersEmpty kind={kind} filtered={filtered} laterPage={hasPrevious} onClear={() => setValues(NO_FILTERS)} />}
      {(hasPrevious || hasNext) && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">Page {page}</Text>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={previous} disabled={!hasPrevious}>Previous</Button>
            <Button variant="default" size="xs" onClick={next} disabled={!hasNext}>Next</Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}
