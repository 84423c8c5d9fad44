import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Organization } from '../api/types';
import type { InvitationRequest } from './request-queries';

/** The person who asked, as dialogs name them: "Ada Lovelace (ada@example.com)". */
export const requester = (r: Pick<InvitationRequest, 'name' | 'email'>) => (r.name ? `${r.name} (${r.email})` : r.email);

/** What an action says when it worked (title; the change returns the message) and when it did not. */
export interface RequestActionTitles {
  done: string;
  failed: string;
}

export interface RequestActionContext {
  org: Organization;
  /** Runs the change and tells the outcome; the caller marks the row busy (when there is one) and refreshes the organization's data. */
  run: (id: string | undefined, titles: RequestActionTitles, change: () => Promise<string>) => Promise<void>;
  /** Opens the Approve dialog for this request. */
  approve: (request: InvitationRequest) => void;
}

/** Asks before dismissing, naming the person; nothing is sent to them. */
export function confirmDismiss(request: InvitationRequest, { org, run }: RequestActionContext): void {
  modals.openConfirmModal({
    title: 'Dismiss the request?',
    children: (
      <Text size="sm">
        The request from <b>{requester(request)}</b> is closed without an invitation. They are not told; they can ask again later.
      </Text>
    ),
    labels: { confirm: 'Dismiss request', cancel: 'Keep request' },
    confirmProps: { color: 'red' },
    onConfirm: () =>
      run(request.id, { done: 'Request dismissed', failed: `Could not dismiss the request from ${request.email}` }, async () => {
        await unwrap(api.POST('/api/v1/orgs/{org}/invitation-requests/{id}/dismiss', { params: { path: { org: org.slug, id: request.id } } }));
        return `The request from ${request.email} is dismissed.`;
      }),
  });
}

/** Asks before dismissing every stale request (from people who have joined meanwhile) at once. */
export function confirmDismissStale(stale: number, { org, run }: RequestActionContext): void {
  modals.openConfirmModal({
    title: `Dismiss ${stale} stale ${stale === 1 ? 'request' : 'requests'}?`,
    children: (
      <Text size="sm">
        {stale === 1 ? 'This request comes from someone who is already an active member' : 'These requests come from people who are already active members'} of {org.name}, so there is nothing to approve. Dismissing tells nobody.
      </Text>
    ),
    labels: { confirm: stale === 1 ? 'Dismiss 1 request' : `Dismiss ${stale} requests`, cancel: 'Keep them' },
    confirmProps: { color: 'red' },
    onConfirm: () =>
      run(undefined, { done: 'Stale requests dismissed', failed: 'Could not dismiss the stale requests' }, async () => {
        const { dismissed } = await unwrap(api.POST('/api/v1/orgs/{org}/invitation-requests/dismiss-stale', { params: { path: { org: org.slug } } }));
        return dismissed === 1 ? '1 stale request is dismissed.' : `${dismissed.toLocaleString()} stale requests are dismissed.`;
      }),
  });
}
