import { Alert, Button, EmptyState, Skeleton, Stack, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError } from '../api/problem';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * What a list shows while it loads (skeleton rows), when it failed (the reason in plain words, with
 * a way to try again), and when it is empty; otherwise the list itself.
 */
export function ListState({ query, what, isEmpty, empty, children, rows = 4 }: {
  query: QueryLike;
  /** What is being listed, in words ("the API tokens"). */
  what: string;
  isEmpty: boolean;
  empty: { title: string; description?: ReactNode; action?: ReactNode };
  children: ReactNode;
  rows?: number;
}) {
  if (query.isPending) {
    return (
      <Stack gap="xs" aria-busy="true">
        <VisuallyHidden role="status">Loading {what}…</VisuallyHidden>
        {Array.from({ length: rows }, (_, i) => <Skeleton key={i} height={40} radius="sm" />)}
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" role="alert" title={`Could not load ${what}`}>
        <Stack gap="xs" align="flex-start">
          {describeError(query.error)}
          <Button size="xs" variant="light" color="red" onClick={() => query.refetch()}>Try again</Button>
        </Stack>
      </Alert>
    );
  }
  if (isEmpty) {
    return (
      <EmptyState py="xl" title={empty.title} description={empty.description}>
        {empty.action && <EmptyState.Actions>{empty.action}</EmptyState.Actions>}
      </EmptyState>
    );
  }
  return <>{children}</>;
}
