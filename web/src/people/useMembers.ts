import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Role } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import type { StatusFilter } from './status';

export interface MemberFilters {
  q?: string | undefined;
  status?: StatusFilter | undefined;
  role?: Role | undefined;
}

export const PAGE_SIZE = 25;

/** The query key of one page of the members list (under the organization's key, so any change there refreshes it). */
export const membersKey = (slug: string, filters: MemberFilters, cursor: string | undefined) => [...orgKey(slug), 'members', filters, cursor ?? null] as const;

/**
 * One page of the members list with keyset paging: `next` follows the API's opaque cursor,
 * `previous` goes back along the cursors seen. Changing the filters starts again at page one.
 */
export function useMembers(filters: MemberFilters) {
  const { slug } = useOrg();
  const key = JSON.stringify(filters);
  const [trail, setTrail] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = trail.key === key ? trail.cursors : [undefined];
  const cursor = cursors.at(-1);
  const query = useQuery({
    queryKey: membersKey(slug, filters, cursor),
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/members', { params: { path: { org: slug }, query: { ...filters, cursor, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const nextCursor = query.data?.nextCursor ?? undefined;
  return {
    query,
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(nextCursor) && !query.isPlaceholderData,
    next: () => nextCursor && setTrail({ key, cursors: [...cursors, nextCursor] }),
    previous: () => setTrail({ key, cursors: cursors.slice(0, -1) }),
  };
}
