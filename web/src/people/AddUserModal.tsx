import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Role } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { AppAccessField, type AppGrant } from './AppAccessField';
import { placeFieldErrors } from './fieldErrors';
import { displayName, notifyDone, notifyNotificationsOff } from './notices';
import { grantableRoles, ROLE_HINTS, roleOptions } from './roles';

const FIELDS = ['name', 'email', 'role', 'apps'] as const;

interface Values {
  name: string;
  email: string;
  role: Role;
  apps: AppGrant[];
}

/**
 * The "Add user" dialog (POST /members): "Create & send invite" or "Create only". What the server
 * reports back (e.g. notifications are off, so nothing was sent) is said in plain words; problems
 * land on the field they are about.
 */
export function AddUserModal({ onClose }: { onClose: () => void }) {
  const org = useOrg();
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const form = useForm<Values>({
    initialValues: { name: '', email: '', role: 'member', apps: [] },
    validate: {
      email: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : 'Enter an email address, like ada@example.com'),
      name: (v) => (v.length > 200 ? 'At most 200 characters' : null),
    },
  });
  const create = useMutation({
    mutationFn: ({ values, sendInvite }: { values: Values; sendInvite: boolean }) =>
      unwrap(api.POST('/api/v1/orgs/{org}/members', {
        params: { path: { org: org.slug } },
        body: {
          email: values.email.trim(),
          role: values.role,
          sendInvite,
          ...(values.name.trim() ? { name: values.name.trim() } : {}),
          ...(values.role === 'guest' && values.apps.length ? { apps: values.apps } : {}),
        },
      })),
    onSuccess: async (member, { sendInvite }) => {
      const name = displayName(member);
      if (member.notice?.code === 'notifications_disabled') {
        notifyNotificationsOff(`${name} was added, but not invited`, org.slug);
      } else if (member.notice) {
        notifications.show({ color: 'yellow', title: `${name} was added`, message: member.notice.message });
      } else notifyDone(sendInvite ? `${name} was added and invited.` : `${name} was added. Send the invitation when you are ready.`);
      await client.invalidateQueries({ queryKey: orgKey(org.slug) });
      onClose();
    },
    onError: (e) => setError(placeFieldErrors(e, FIELDS, form.setFieldError)),
  });
  const submit = (sendInvite: boolean) => form.onSubmit((values) => { setError(undefined); create.mutate({ values, sendInvite }); });
  const sending = create.isPending ? create.variables.sendInvite : undefined;
  return (
    <Modal opened onClose={onClose} title="Add user" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit(true)} noValidate>
        <Stack gap="md">
          <TextInput label="Name" description="Optional; they can choose it when they join" maxLength={200} {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" required autoComplete="off" maxLength={254} data-autofocus {...form.getInputProps('email')} />
          <Select
            label="Role"
            required
            data={roleOptions(grantableRoles(org.role))}
            description={ROLE_HINTS[form.values.role]}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          {form.values.role === 'guest' && <AppAccessField value={form.values.apps} onChange={(v) => form.setFieldValue('apps', v)} error={form.errors.apps as string | undefined} />}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => submit(false)()} loading={sending === false} disabled={sending === true}>Create only</Button>
            <Button type="submit" loading={sending === true} disabled={sending === false}>Create &amp; send invite</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
