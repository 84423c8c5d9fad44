import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey } from '../orgs/org-context';
import { MAX_ADDRESSES } from './addresses';

export type AddressNote = Schemas['AddressCheck']['notes'][number];
export type InviteResult = Schemas['InviteReport']['results'][number];
export type AppGrant = Schemas['AppGrant'];

/** Notes that stop sending: the invite would refuse these addresses. */
export const isBlocking = (n: AddressNote) => n.code === 'invalid_email' || n.code === 'duplicate';

/**
 * The server's look at the pasted addresses (its own address rules, duplicates after normalizing,
 * people already in the organization), asked once typing pauses. Nothing is written.
 */
export function useAddressCheck(slug: string, addresses: string[]) {
  const [list] = useDebouncedValue(addresses.join('\n'), 400);
  const current = list === addresses.join('\n');
  const check = useQuery({
    queryKey: [...orgKey(slug), 'address-check', list],
    queryFn: () => unwrap(api.POST('/api/v1/orgs/{org}/invitations/check', { params: { path: { org: slug } }, body: { emails: list.split('\n') } })),
    enabled: list !== '' && list.split('\n').length <= MAX_ADDRESSES,
    staleTime: 30_000,
  });
  return { notes: current ? check.data?.notes : undefined, checking: !current || check.isFetching, error: check.error };
}

/** Addresses sent per call: small enough to show progress, large enough to stay quick (the server takes 10,000). */
export const CHUNK = 1_000;

export interface InviteOptions {
  role: Schemas['Role'];
  sendInvite: boolean;
  name?: string | undefined;
  apps?: AppGrant[] | undefined;
}

/**
 * Invites the addresses in chunks, one call after the other, reporting progress after each. A
 * chunk the server refuses as a whole stops the run: its addresses and the rest are reported as not
 * sent, with the reason, and what was done before stays done (each address stands alone, R1).
 */
export async function inviteInChunks(slug: string, addresses: string[], options: InviteOptions, onProgress: (done: number) => void): Promise<InviteResult[]> {
  const results: InviteResult[] = [];
  for (let start = 0; start < addresses.length; start += CHUNK) {
    const emails = addresses.slice(start, start + CHUNK);
    try {
      const report = await unwrap(api.POST('/api/v1/orgs/{org}/invitations', { params: { path: { org: slug } }, body: { emails, ...options } }));
      results.push(...report.results);
    } catch (error) {
      const message = `Not sent: ${describeError(error)}`;
      results.push(...addresses.slice(start).map((email): InviteResult => ({ email, outcome: 'failed', code: 'not_sent', message })));
      break;
    } finally {
      onProgress(Math.min(start + CHUNK, addresses.length));
    }
  }
  return results;
}
