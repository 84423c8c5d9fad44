import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Radio, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError, describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';

type Scope = Schemas['TokenScope'];

/** The scopes POST /api-tokens accepts, in words. */
export const SCOPES: { value: Scope; label: string; description: string }[] = [
  { value: 'read', label: 'Read', description: 'Acts as a member: reads people, invitations, apps and teams.' },
  { value: 'admin', label: 'Admin', description: 'Acts as an administrator: invites, changes roles and settings, manages tokens.' },
  { value: 'scim', label: 'SCIM', description: 'Reserved for SCIM provisioning by an identity provider; it cannot call the REST API.' },
];

/** A value to paste elsewhere, with a copy button. */
function Copyable({ value, label, labelledBy, testId }: { value: string; label: string; labelledBy: string; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code block aria-labelledby={labelledBy} data-testid={testId} style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{value}</Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the ${label}`} withArrow>
            <ActionIcon size="lg" variant="light" color={copied ? 'teal' : undefined} onClick={copy} aria-label={copied ? `Copied the ${label}` : `Copy the ${label}`}>
              <Icon name={copied ? 'check' : 'copy'} />
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** Where an identity provider sends SCIM requests, as the server names it ({PUBLIC_URL}/scim/v2). */
function ScimEndpoint({ url }: { url: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id="scim-base-url-label">SCIM base URL</Text>
      <Copyable value={url} label="SCIM base URL" labelledBy="scim-base-url-label" testId="scim-base-url" />
      <Text size="sm" c="dimmed">In Microsoft Entra ID it is the Tenant URL and the token the Secret token; in Okta, the SCIM connector base URL with HTTP Header authentication.</Text>
    </Stack>
  );
}

/** Shows a new token's secret once, with a copy button (and, for a SCIM token, where providers send it). */
function SecretOnce({ created, onDone }: { created: Schemas['CreatedApiToken']; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <Alert color="orange" variant="light" title="Copy the token now" icon={<Icon name="alert" />}>
        This is the only time the token is shown. Guestlist keeps only a fingerprint of it, so it cannot show it again: if you lose it, revoke it and create another.
      </Alert>
      <Text size="sm" fw={500} id="new-token-label">Token “{created.name}”</Text>
      <Copyable value={created.token} label="token" labelledBy="new-token-label" testId="new-token" />
      <Text size="sm" c="dimmed">Send it as <Code>Authorization: Bearer &lt;token&gt;</Code>.</Text>
      {created.scimBaseUrl && <ScimEndpoint url={created.scimBaseUrl} />}
      <Group justify="flex-end">
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

/** "Create token": a name and a scope; then the secret, once. */
export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { slug } = useOrg();
  const client = useQueryClient();
  const [created, setCreated] = useState<Schemas['CreatedApiToken']>();
  const [error, setError] = useState<string>();
  const form = useForm<{ name: string; scope: Scope }>({
    initialValues: { name: '', scope: 'read' },
    validate: { name: (v) => (!v.trim() ? 'Name the token after what will use it' : v.trim().length > 200 ? 'Use at most 200 characters' : null) },
  });
  const create = useMutation({
    mutationFn: (body: { name: string; scope: Scope }) => unwrap(api.POST('/api/v1/orgs/{org}/api-tokens', { params: { path: { org: slug } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: [...orgKey(slug), 'api-tokens'] }),
  });
  const close = () => {
    setCreated(undefined);
    setError(undefined);
    form.reset();
    onClose();
  };
  const submit = form.onSubmit(async ({ name, scope }) => {
    setError(undefined);
    try {
      setCreated(await create.mutateAsync({ name: name.trim(), scope }));
    } catch (e) {
      const field = e instanceof ApiError ? e.forField('name') : undefined;
      if (field) form.setFieldError('name', field);
      else setError(describeError(e));
    }
  });
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Your new API token' : 'Create an API token'} size="lg" closeOnClickOutside={!created}>
      {created ? (
        <SecretOnce created={created} onDone={close} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {error && <Alert color="red" role="alert" title="Could not create the token">{error}</Alert>}
            <TextInput label="Name" description="What will use it, e.g. “CI” or “HR sync”." required maxLength={200} data-autofocus {...form.getInputProps('name')} />
            <Radio.Group label="Scope" description="What the token may do." required {...form.getInputProps('scope')}>
              <Stack gap="xs" mt="xs">
                {SCOPES.map((s) => <Radio key={s.value} value={s.value} label={s.label} description={s.description} />)}
              </Stack>
            </Radio.Group>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={create.isPending}>Create token</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
