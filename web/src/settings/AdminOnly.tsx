import { Alert } from '@mantine/core';
import { Outlet } from 'react-router';
import { useOrg } from '../orgs/org-context';

/** Settings are for the organization's admins; anyone else is told so instead of meeting errors. */
export function AdminOnly() {
  const org = useOrg();
  if (org.role !== 'admin') {
    return <Alert color="orange" role="alert" title="Only administrators see settings" maw={640}>You are a {org.role} of {org.name}. Ask an administrator if something here needs changing.</Alert>;
  }
  return <Outlet />;
}
