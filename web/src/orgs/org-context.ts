import { createContext, useContext } from 'react';
import type { Organization } from '../api/types';

export const OrgContext = createContext<Organization | undefined>(undefined);

/** The organization of the page (inside /o/:org); its slug is what API paths take as {org}. */
export function useOrg(): Organization {
  const org = useContext(OrgContext);
  if (!org) throw new Error('useOrg outside an organization page');
  return org;
}

/** The query key prefix of everything read from one organization. */
export const orgKey = (slug: string) => ['org', slug] as const;
