import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey } from '../orgs/org-context';

export type InvitationRequest = Schemas['InvitationRequest'];
export type RequestStatus = Schemas['InvitationRequestStatus'];

const PAGE = 50;

/** Confirmed invitation requests, newest first, a page at a time (admins only; under orgKey, so any change refreshes it). */
export function useInvitationRequests(slug: string, status: RequestStatus | undefined) {
  return useInfiniteQuery({
    queryKey: [...orgKey(slug), 'invitation-requests', { status }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/orgs/{org}/invitation-requests', { params: { path: { org: slug }, query: { status, cursor: pageParam, limit: PAGE } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** How many requests are open and how many stale (one row is read: the counts come with every page). */
export function useRequestCounts(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: [...orgKey(slug), 'invitation-requests', 'counts'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/orgs/{org}/invitation-requests', { params: { path: { org: slug }, query: { status: 'open', limit: 1 } } }))).counts,
    enabled,
  });
}
