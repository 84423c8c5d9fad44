import { Alert, Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { describeError } from '../api/problem';
import { useMe } from './session';

/** Shows its children to signed-in people; others go to the sign-in page and come back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Center mih="100dvh"><Loader aria-label="Loading" /></Center>;
  if (me.isError) return <Center mih="100dvh" p="md"><Alert color="red" role="alert" title="Guestlist is not answering">{describeError(me.error)}</Alert></Center>;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}
