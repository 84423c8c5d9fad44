import { Alert, Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Outlet, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiError, describeError, unwrap } from '../api/problem';
import { OrgContext, orgKey } from './org-context';

/** Loads the organization named in the address and gives it to the pages inside. */
export function OrgLayout() {
  const slug = useParams().org ?? '';
  const org = useQuery({ queryKey: orgKey(slug), queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}', { params: { path: { org: slug } } })) });
  if (org.isPending) return <Center py="xl"><Loader aria-label="Loading the organization" /></Center>;
  if (org.isError) {
    const missing = org.error instanceof ApiError && (org.error.status === 404 || org.error.status === 403);
    return (
      <Alert color={missing ? 'orange' : 'red'} role="alert" title={missing ? 'No such organization' : 'Could not load the organization'}>
        {missing ? `You are not a member of "${slug}", or it does not exist.` : describeError(org.error)}
      </Alert>
    );
  }
  return (
    <OrgContext.Provider value={org.data}>
      <Outlet />
    </OrgContext.Provider>
  );
}
