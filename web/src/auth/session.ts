import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import type { Me } from '../api/types';

export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/api/v1/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in account (null when nobody is signed in); keeps the CSRF token current. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 30_000 });
}

/** Forget everything cached for the previous account and read the session again (after sign-in, sign-out, accepting). */
export function useResetSession() {
  const client = useQueryClient();
  return async () => {
    client.clear();
    await client.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe });
  };
}
