import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { ME_KEY } from '../auth/session';
import { orgKey, useOrg } from '../orgs/org-context';

export type SettingsPatch = Schemas['OrganizationSettingsPatch'];

/**
 * Saves organization settings and puts the organization the server answered into the cache (the
 * name also shows in the organization switcher, so the account's list is read again).
 */
export function useSaveSettings() {
  const { slug } = useOrg();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => unwrap(api.PATCH('/api/v1/orgs/{org}/settings', { params: { path: { org: slug } }, body: patch })),
    onSuccess: async (org, patch) => {
      client.setQueryData(orgKey(slug), org);
      if (patch.name !== undefined) await client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

/** The instance's public switches (is there a development mailbox?), read once per session. */
export function useInstance() {
  return useQuery({ queryKey: ['instance'], queryFn: () => unwrap(api.GET('/api/v1/instance')), staleTime: Infinity });
}
