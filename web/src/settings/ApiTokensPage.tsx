import { Badge, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';
import { CreateTokenModal, SCOPES } from './CreateTokenModal';
import { formatWhen } from './format';
import { ListState } from './ListState';
import { SettingsPage } from './SettingsPage';

type Token = Schemas['ApiToken'];

function TokenRow({ token, onRevoke }: { token: Token; onRevoke: (t: Token) => void }) {
  return (
    <Table.Tr>
      <Table.Td><Text size="sm" fw={500}>{token.name}</Text></Table.Td>
      <Table.Td><Badge variant="light" color={token.scope === 'admin' ? 'grape' : token.scope === 'scim' ? 'cyan' : 'gray'}>{SCOPES.find((s) => s.value === token.scope)?.label ?? token.scope}</Badge></Table.Td>
      <Table.Td>
        <Text size="sm">{formatWhen(token.createdAt)}</Text>
        {token.createdByName && <Text size="xs" c="dimmed">by {token.createdByName}</Text>}
      </Table.Td>
      <Table.Td><Text size="sm" c={token.lastUsedAt ? undefined : 'dimmed'}>{token.lastUsedAt ? formatWhen(token.lastUsedAt) : 'Never'}</Text></Table.Td>
      <Table.Td>
        {token.revokedAt ? (
          <Stack gap={0}>
            <Badge color="red" variant="light">Revoked</Badge>
            <Text size="xs" c="dimmed">{formatWhen(token.revokedAt)}</Text>
          </Stack>
        ) : <Badge color="teal" variant="light">Active</Badge>}
      </Table.Td>
      <Table.Td ta="right">
        {!token.revokedAt && <Button size="xs" variant="subtle" color="red" onClick={() => onRevoke(token)} aria-label={`Revoke the token “${token.name}”`}>Revoke</Button>}
      </Table.Td>
    </Table.Tr>
  );
}

/** The organization's API tokens: who made them, when they were last used; create (secret shown once) and revoke. */
export function ApiTokensPage() {
  const { slug } = useOrg();
  const client = useQueryClient();
  const [creating, { open, close }] = useDisclosure();
  const key = [...orgKey(slug), 'api-tokens'];
  const tokens = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/api-tokens', { params: { path: { org: slug } } })) });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/orgs/{org}/api-tokens/{id}', { params: { path: { org: slug, id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const confirmRevoke = (token: Token) =>
    modals.openConfirmModal({
      title: `Revoke the token “${token.name}”?`,
      children: <Text size="sm">Anything using “{token.name}” is refused from now on (401). This cannot be undone; create a new token if it is needed again.</Text>,
      labels: { confirm: 'Revoke token', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(token.id, {
          onSuccess: () => notifications.show({ color: 'teal', message: `The token “${token.name}” was revoked.` }),
          onError: (e) => notifications.show({ color: 'red', title: `Could not revoke “${token.name}”`, message: describeError(e) }),
        }),
    });
  const create = <Button leftSection={<Icon name="plus" />} onClick={open}>Create token</Button>;
  const items = tokens.data?.items ?? [];
  return (
    <SettingsPage title="API tokens" description="Tokens let programs use the Guestlist API for this organization. Each is shown once, when it is created." actions={create}>
      <CreateTokenModal opened={creating} onClose={close} />
      <ListState query={tokens} what="the API tokens" isEmpty={items.length === 0} empty={{ title: 'No API tokens yet', description: 'Create one for each program that calls the API, so each can be revoked on its own.', action: create }}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Scope</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{items.map((t) => <TokenRow key={t.id} token={t} onRevoke={confirmRevoke} />)}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
    </SettingsPage>
  );
}
