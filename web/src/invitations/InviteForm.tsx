import { Alert, Button, FileButton, Group, Loader, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { describeError } from '../api/problem';
import type { Organization, Role } from '../api/types';
import { Icon } from '../ui/Icon';
import { AddressNotes } from './AddressNotes';
import { AppAccessField, type AppGrant } from '../people/AppAccessField';
import { addressesFromCsv, MAX_ADDRESSES, splitAddresses } from './addresses';
import { NotificationsOffAlert } from './invitation-actions';
import { isBlocking, useAddressCheck, type InviteOptions } from './invite-batch';

const roles = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
  { value: 'guest', label: 'Guest' },
];
const roleHelp: Record<Role, string> = {
  member: 'Members see the people directory and every app.',
  admin: 'Admins manage people, invitations, apps and settings.',
  guest: 'Guests see only the apps you give them.',
};
const CSV_MAX_BYTES = 5 * 1024 * 1024;

/** What the admin asked for: these addresses, with these options. */
export type InviteRequest = { addresses: string[] } & InviteOptions;

/** The compose step of "Invite New Users": addresses (typed, pasted or from CSV), checked before sending; role; app access; name. */
export function InviteForm({ org, onSubmit }: { org: Organization; onSubmit: (request: InviteRequest) => void }) {
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [apps, setApps] = useState<AppGrant[]>([]);
  const [name, setName] = useState('');
  const [fileError, setFileError] = useState<string>();
  const addresses = splitAddresses(text);
  const check = useAddressCheck(org.slug, addresses);
  const blocking = check.notes?.filter(isBlocking).length ?? 0;
  const tooMany = addresses.length > MAX_ADDRESSES;

  const loadCsv = async (file: File | null) => {
    setFileError(undefined);
    if (!file) return;
    if (file.size > CSV_MAX_BYTES) return setFileError(`${file.name} is over 5 MB; split it into smaller files.`);
    try {
      const found = addressesFromCsv(await file.text());
      if (found.length === 0) return setFileError(`No email addresses found in ${file.name}: give it a column named "email", or cells with addresses.`);
      setText((t) => [t.trim(), ...found].filter(Boolean).join('\n'));
    } catch (e) {
      setFileError(`Could not read ${file.name}: ${describeError(e)}`);
    }
  };
  const removeAt = (indexes: Set<number>) => setText(addresses.filter((_, i) => !indexes.has(i)).join('\n'));
  const blocked = addresses.length === 0 ? 'Enter at least one address.'
    : tooMany ? `At most ${MAX_ADDRESSES.toLocaleString()} addresses at a time (this list has ${addresses.length.toLocaleString()}).`
    : check.error ? `The addresses could not be checked: ${describeError(check.error)}`
    : blocking > 0 ? 'Fix or remove the addresses marked above first.'
    : check.checking ? 'Checking the addresses…' : undefined;
  const submit = (sendInvite: boolean) => onSubmit({
    addresses, role, sendInvite,
    ...(addresses.length === 1 && name.trim() ? { name: name.trim() } : {}),
    ...(role === 'guest' && apps.length ? { apps } : {}),
  });

  return (
    <Stack gap="md">
      <div>
        <Textarea
          label="Email addresses" description="One a line, or separated by commas or semicolons. Up to 10,000 at a time."
          placeholder={'ada@example.com\ngrace@example.com'} autosize minRows={4} maxRows={10} value={text}
          onChange={(e) => setText(e.currentTarget.value)} data-autofocus
        />
        <Group justify="space-between" mt={6} wrap="wrap" gap="xs">
          <FileButton onChange={loadCsv} accept=".csv,text/csv,text/plain">
            {(props) => <Button {...props} size="xs" variant="default" leftSection={<Icon name="upload" size={14} />}>Load from a CSV file</Button>}
          </FileButton>
          <Group gap={6} aria-live="polite">
            {check.checking && addresses.length > 0 && !tooMany && <Loader size={12} aria-hidden />}
            <Text size="xs" c="dimmed">{addresses.length.toLocaleString()} {addresses.length === 1 ? 'address' : 'addresses'}</Text>
          </Group>
        </Group>
        {fileError && <Text size="sm" c="red" mt={4} role="alert">{fileError}</Text>}
      </div>
      {check.notes && check.notes.length > 0 && <AddressNotes notes={check.notes} addresses={addresses} onRemove={removeAt} />}
      {addresses.length === 1 && (
        <TextInput label="Name" description="Optional: how this person appears until they choose their own." maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} />
      )}
      <Select label="Role" description={roleHelp[role]} data={roles} value={role} allowDeselect={false} onChange={(v) => setRole((v as Role | null) ?? 'member')} />
      {role === 'guest' && <AppAccessField value={apps} onChange={setApps} />}
      {!org.settings.notificationsEnabled && (
        <NotificationsOffAlert>People are added, but no email is sent while notifications are off. Send the invitations later with "Send invites to all users".</NotificationsOffAlert>
      )}
      <Stack gap={6}>
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" disabled={!!blocked} onClick={() => submit(false)}>Create only</Button>
          <Button disabled={!!blocked} onClick={() => submit(true)} leftSection={<Icon name="send" size={16} />}>Create &amp; send</Button>
        </Group>
        <Text size="xs" c="dimmed" ta="right">
          {blocked && addresses.length > 0 ? blocked : 'Create & send emails each person an invitation; Create only adds them, to invite later.'}
        </Text>
      </Stack>
    </Stack>
  );
}
