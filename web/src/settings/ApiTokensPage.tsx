import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
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

function ScopeBadge({ scope }: { scope: Token['scope'] }) {
  return <Badge variant="light" color={scope === 'admin' ? 'grape' : scope === 'scim' ? 'cyan' : 'gray'}>{SCOPES.find((s) => s.value === scope)?.label ?? scope}</Badge>;
}

function StatusBadge({ token }: { token: Token }) {
  return token.revokedAt ? <Badge color="red" variant="light">Revoked</Badge> : <Badge color="teal" variant="light">Active</Badge>;
}

/** One token. On phones the scope, status and use fold into the first cell, so the row fits without scrolling. */
function TokenRow({ token, onRevoke }: { token: Token; onRevoke: (t: Token) => void }) {
  const lastUsed = token.lastUsedAt ? formatWhen(token.lastUsedAt) : 'Never';
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{token.name}</Text>
        <Stack gap={4} mt={4} hiddenFrom="sm">
          <Group gap={6}><ScopeBadge scope={token.scope} /><StatusBadge token={token} /></Group>
          <Text size="xs" c="dimmed">Created {formatWhen(token.createdAt)}{token.createdByName ? ` by ${token.createdByName}` : ''}</Text>
          <Text size="xs" c="dimmed">{token.revokedAt ? `Revoked ${formatWhen(token.revokedAt)}` : `Last used: ${lastUsed}`}</Text>
        </Stack>
      </Table.Td>
      <Table.Td visibleFrom="sm"><ScopeBadge scope={token.scope} /></Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm">{formatWhen(token.createdAt)}</Text>
        {token.createdByName && <Text size="xs" c="dimmed">by {token.createdByName}</Text>}
      </Table.Td>
      <Table.Td visibleFrom="sm"><Text size="sm" c={token.lastUsedAt ? undefined : 'dimmed'}>{lastUsed}</Text></Table.Td>
      <Table.Td visibleFrom="sm">
        <Stack gap={2} align="flex-start">
          <StatusBadge token={token} />
          {token.revokedAt && <Text size="xs" c="dimmed">{formatWhen(token.revokedAt)}</Text>}
        </Stack>
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
        <Table.ScrollContainer minWidth={320}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th visibleFrom="sm">Scope</Table.Th>
                <Table.Th visibleFrom="sm">Created</Table.Th>
                <Table.Th visibleFrom="sm">Last used</Table.Th>
                <Table.Th visibleFrom="sm">Status</Table.Th>
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
