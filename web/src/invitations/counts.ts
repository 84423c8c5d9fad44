import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { orgKey } from '../orgs/org-context';

/** Members and invitations by status, and how many a send to all pending would mail (under orgKey: any change refreshes it). */
export function usePeopleCounts(slug: string, enabled = true) {
  return useQuery({
    queryKey: [...orgKey(slug), 'people-counts'],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/people-counts', { params: { path: { org: slug } } })),
    enabled,
  });
}
