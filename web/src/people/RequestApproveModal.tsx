import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError, describeError, unwrap } from '../api/problem';
import type { Role, Schemas } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { AppAccessField, type AppGrant } from './AppAccessField';
import { placeFieldErrors } from './fieldErrors';
import { notifyNotificationsOff } from './notices';
import { requester } from './request-actions';
import type { InvitationRequest } from './request-queries';
import { grantableRoles, ROLE_HINTS, roleOptions } from './roles';

type InviteResult = Schemas['InviteResult'];

const FIELDS = ['role', 'apps'] as const;
/** Answers that mean the request changed meanwhile: the dialog closes and the list is read again. */
const GONE = new Set(['already_member', 'request_not_open', 'request_not_found']);

/** What approving did, in words: the invitation went out, or why it did not. */
function tellOutcome(result: InviteResult, slug: string): void {
  const email = result.email;
  if (result.outcome === 'created' && result.code === 'notifications_disabled') notifyNotificationsOff(`${email} was approved, but not invited`, slug);
  else if (result.outcome === 'already_invited') notifications.show({ color: 'yellow', title: 'Request approved', message: `${email} already had a pending invitation; nothing new was sent.` });
  else notifications.show({ color: 'green', title: 'Request approved', message: `An invitation is on its way to ${email}.` });
}

/**
 * "Approve" on an open request: the role to invite the person with (and, for a guest, their app
 * access), then the invitation goes out as any invite does. Problems with the role or apps stay
 * in the dialog; a request that changed meanwhile (joined, decided by another admin) closes it.
 */
export function RequestApproveModal({ request, onClose }: { request: InvitationRequest; onClose: () => void }) {
  const org = useOrg();
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const form = useForm<{ role: Role; apps: AppGrant[] }>({ initialValues: { role: 'member', apps: [] } });
  const approve = useMutation({
    mutationFn: ({ role, apps }: { role: Role; apps: AppGrant[] }) =>
      unwrap(api.POST('/api/v1/orgs/{org}/invitation-requests/{id}/approve', {
        params: { path: { org: org.slug, id: request.id } },
        body: { role, ...(role === 'guest' && apps.length ? { apps } : {}) },
      })),
    onSuccess: async ({ result }) => {
      tellOutcome(result, org.slug);
      onClose();
      await client.invalidateQueries({ queryKey: orgKey(org.slug) });
    },
    onError: async (e) => {
      if (e instanceof ApiError && GONE.has(e.code)) {
        notifications.show({ color: 'red', title: `Could not approve the request from ${request.email}`, message: describeError(e), autoClose: 10_000 });
        onClose();
        await client.invalidateQueries({ queryKey: orgKey(org.slug) });
      } else setError(placeFieldErrors(e, FIELDS, form.setFieldError));
    },
  });
  const submit = form.onSubmit((values) => { setError(undefined); approve.mutate(values); });
  return (
    <Modal opened onClose={onClose} title="Approve the request?" size="md" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" style={{ overflowWrap: 'break-word' }}>
            <b>{requester(request)}</b> is invited to {org.name} with the role chosen here, and gets the invitation by email.
          </Text>
          <Select
            label="Role" required data-autofocus
            data={roleOptions(grantableRoles(org.role))}
            description={ROLE_HINTS[form.values.role]}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('role')}
          />
          {form.values.role === 'guest' && <AppAccessField value={form.values.apps} onChange={(v) => form.setFieldValue('apps', v)} error={form.errors.apps as string | undefined} />}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={approve.isPending}>Cancel</Button>
            <Button type="submit" loading={approve.isPending}>Approve and invite</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
