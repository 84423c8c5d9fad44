import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { ME_KEY } from '../auth/session';

/** Under the session's key: whatever refreshes the session refreshes the bell too. */
export const MY_INVITATIONS_KEY = [...ME_KEY, 'invitations'] as const;

/** The signed-in person's pending invitations, in every organization (R10); looked at again every minute. */
export function useMyInvitations() {
  return useQuery({ queryKey: MY_INVITATIONS_KEY, queryFn: () => unwrap(api.GET('/api/v1/me/invitations')), refetchInterval: 60_000 });
}
