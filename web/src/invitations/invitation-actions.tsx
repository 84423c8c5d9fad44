import { Alert, Checkbox, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Organization, Schemas } from '../api/types';

export type ListedInvitation = Schemas['ListedInvitation'];


/** The person an invitation is for, as dialogs name them: "Ada Lovelace (ada@example.com)" or the address. */
export const invitee = (i: Pick<ListedInvitation, 'name' | 'email'>) => (i.name ? `${i.name} (${i.email})` : i.email);

/** What a row action says when it worked (title; the change returns the message) and when it did not. */
export interface ActionTitles {
  done: string;
  failed: string;
}

export interface ActionContext {
  org: Organization;
  /** Runs the change and tells the outcome; the caller marks the row busy and refreshes the organization's data. */
  run: (invitation: ListedInvitation, titles: ActionTitles, change: () => Promise<string>) => Promise<void>;
}

/** The muted-organization warning shown where something would be sent. */
export function NotificationsOffAlert({ children }: { children: React.ReactNode }) {
  return <Alert color="orange" variant="light" role="alert" title="Notifications are off">{children}</Alert>;
}

/** Asks before resending (new link, new expiry), naming the person; the old link stops working. */
export function confirmResend(invitation: ListedInvitation, { org, run }: ActionContext): void {
  const muted = !org.settings.notificationsEnabled;
  modals.openConfirmModal({
    title: 'Resend the invitation?',
    children: (
      <Stack gap="sm">
        <Text size="sm">
          <b>{invitee(invitation)}</b> gets a new email with a new link, valid for {org.settings.invitationTtlDays} days. The link in earlier emails stops working.
        </Text>
        {muted && <NotificationsOffAlert>Nothing can be sent while notifications are off for {org.name}. Turn them on in Settings → Feature Management first.</NotificationsOffAlert>}
      </Stack>
    ),
    labels: { confirm: 'Resend invitation', cancel: 'Keep as is' },
    confirmProps: { disabled: muted },
    onConfirm: () =>
      run(invitation, { done: 'Invitation sent again', failed: `Could not resend the invitation to ${invitation.email}` }, async () => {
        await unwrap(api.POST('/api/v1/orgs/{org}/invitations/{id}/resend', { params: { path: { org: org.slug, id: invitation.id } } }));
        return `A new invitation email is on its way to ${invitation.email}.`;
      }),
  });
}

/** Asks before canceling, naming the person, with the choice to remove them from the organization too. */
export function confirmCancel(invitation: ListedInvitation, { org, run }: ActionContext): void {
  const choice = { removeMember: false };
  modals.openConfirmModal({
    title: 'Cancel the invitation?',
    children: (
      <Stack gap="sm">
        <Text size="sm">
          The invitation to <b>{invitee(invitation)}</b> stops working at once; its link then says it was canceled.
        </Text>
        {invitation.memberId && (
          <Checkbox
            label="Also remove this person from the organization"
            description="For a wrong address. Otherwise they stay in Users as Not invited, and you can invite them again later."
            onChange={(e) => { choice.removeMember = e.currentTarget.checked; }}
          />
        )}
      </Stack>
    ),
    labels: { confirm: 'Cancel invitation', cancel: 'Keep invitation' },
    confirmProps: { color: 'red' },
    onConfirm: () =>
      run(invitation, { done: 'Invitation canceled', failed: `Could not cancel the invitation to ${invitation.email}` }, async () => {
        const removeMember = choice.removeMember;
        await unwrap(api.POST('/api/v1/orgs/{org}/invitations/{id}/revoke', { params: { path: { org: org.slug, id: invitation.id } }, body: { removeMember } }));
        return removeMember ? `The invitation to ${invitation.email} is canceled and the person removed.` : `The invitation to ${invitation.email} is canceled.`;
      }),
  });
}
