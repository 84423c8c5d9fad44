import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Member, Role } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { displayName, notifyDone, notifyFailed, notifyNotificationsOff } from './notices';
import { ROLE_LABELS } from './roles';

/**
 * What an admin does to one member from a row: change the role, send the invitation, deactivate
 * or reactivate and remove (both after a confirmation naming the person). Every change refreshes
 * the organization's data after the server accepted it (lists, counts, the viewer's own role).
 */
export function useMemberActions(member: Member) {
  const { slug } = useOrg();
  const client = useQueryClient();
  const name = displayName(member);
  const refresh = () => client.invalidateQueries({ queryKey: orgKey(slug) });
  const params = { path: { org: slug, id: member.id } };

  const role = useMutation({
    mutationFn: (to: Role) => unwrap(api.PATCH('/api/v1/orgs/{org}/members/{id}', { params, body: { role: to } })),
    onSuccess: (m) => { notifyDone(`${name} is now ${m.role === 'admin' ? 'an admin' : `a ${ROLE_LABELS[m.role].toLowerCase()}`}.`); return refresh(); },
    onError: (e) => notifyFailed(`Could not change the role of ${name}`, e, slug),
  });

  const send = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/orgs/{org}/invitations/send', { params: { path: { org: slug } }, body: { members: [member.id] } })),
    onSuccess: (report) => {
      const result = report.results[0];
      if (result?.outcome === 'invited') notifyDone(`Invitation sent to ${member.email}.`);
      else if (result?.outcome === 'resent') notifyDone(`Invitation sent again to ${member.email}.`);
      else if (result?.code === 'notifications_disabled') notifyNotificationsOff(`No invitation sent to ${name}`, slug);
      else notifications.show({ color: 'red', title: `No invitation sent to ${name}`, message: result?.message ?? 'The server did not say why.' });
      return refresh();
    },
    onError: (e) => notifyFailed(`No invitation sent to ${name}`, e, slug),
  });

  const status = useMutation({
    mutationFn: (to: 'active' | 'deactivated') => unwrap(api.PATCH('/api/v1/orgs/{org}/members/{id}', { params, body: { status: to } })),
    onSuccess: (m) => { notifyDone(m.status === 'active' ? `${name} is active again.` : `${name} was deactivated.`); return refresh(); },
    onError: (e) => notifyFailed(`Could not change ${name}`, e, slug),
  });

  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/orgs/{org}/members/{id}', { params })),
    onSuccess: () => { notifyDone(`${name} was removed.`); return refresh(); },
    onError: (e) => notifyFailed(`Could not remove ${name}`, e, slug),
  });

  const confirmRemove = () =>
    modals.openConfirmModal({
      title: `Remove ${name}?`,
      children: (
        <Text size="sm">
          {name}{member.name ? ` (${member.email})` : ''} leaves the organization and loses access to it.
          {member.status === 'pending' ? ' Their invitation link stops working.' : ''} You can invite them again later.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  const confirmStatus = (to: 'active' | 'deactivated') =>
    modals.openConfirmModal({
      title: to === 'deactivated' ? `Deactivate ${name}?` : `Reactivate ${name}?`,
      children: (
        <Text size="sm">
          {to === 'deactivated'
            ? `${name} can no longer open this organization until you reactivate them. Their role, teams and app access are kept.`
            : `${name} can open this organization again, with the role, teams and app access they had.`}
        </Text>
      ),
      labels: { confirm: to === 'deactivated' ? 'Deactivate' : 'Reactivate', cancel: 'Cancel' },
      confirmProps: { color: to === 'deactivated' ? 'red' : undefined },
      onConfirm: () => status.mutate(to),
    });

  return { role, send, status, remove, confirmRemove, confirmStatus };
}
