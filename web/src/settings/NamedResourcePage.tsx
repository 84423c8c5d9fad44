import { ActionIcon, Alert, Button, Group, Paper, Table, Text, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError, describeError } from '../api/problem';
import { orgKey, useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';
import { formatDay } from './format';
import { ListState } from './ListState';
import { SettingsPage } from './SettingsPage';

/** One named thing of the organization (an app or a team), as the page lists it. */
export interface NamedItem {
  id: string;
  name: string;
  createdAt: string;
  memberCount?: number;
}

/** How one kind of named resource is read, created, deleted and described. */
export interface NamedResourceKind<T extends NamedItem> {
  /** Query-key segment and words: "apps" / "app". */
  key: string;
  noun: string;
  title: string;
  description: string;
  emptyDescription: string;
  list: (slug: string) => Promise<{ items: T[] }>;
  create: (slug: string, name: string) => Promise<T>;
  remove: (slug: string, id: string) => Promise<unknown>;
  /** What deleting it does, for the confirmation. */
  deleteConsequence: (item: T) => ReactNode;
  /** An extra column (heading and cell), e.g. the members of a team. */
  extra?: { heading: string; cell: (item: T) => ReactNode };
}

function CreateForm<T extends NamedItem>({ kind }: { kind: NamedResourceKind<T> }) {
  const { slug } = useOrg();
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const form = useForm({ initialValues: { name: '' }, validate: { name: (v) => (!v.trim() ? `Give the ${kind.noun} a name` : v.trim().length > 200 ? 'Use at most 200 characters' : null) } });
  const create = useMutation({
    mutationFn: (name: string) => kind.create(slug, name),
    onSuccess: () => client.invalidateQueries({ queryKey: [...orgKey(slug), kind.key] }),
  });
  const submit = form.onSubmit(async ({ name }) => {
    setError(undefined);
    try {
      const made = await create.mutateAsync(name.trim());
      form.reset();
      notifications.show({ color: 'teal', message: `The ${kind.noun} “${made.name}” was created.` });
    } catch (e) {
      const field = e instanceof ApiError ? (e.forField('name') ?? (e.status === 409 ? e.message : undefined)) : undefined;
      if (field) form.setFieldError('name', field);
      else setError(describeError(e));
    }
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        {error && <Alert color="red" role="alert" mb="sm" title={`Could not create the ${kind.noun}`}>{error}</Alert>}
        <Group align="flex-start" gap="sm">
          <TextInput label={`New ${kind.noun}`} placeholder="Name" maxLength={200} style={{ flex: '1 1 220px' }} {...form.getInputProps('name')} />
          <Button type="submit" mt={{ base: 0, xs: 25 }} loading={create.isPending} leftSection={<Icon name="plus" />}>Create {kind.noun}</Button>
        </Group>
      </form>
    </Paper>
  );
}

/** A list of an organization's apps or teams, with create and (confirmed) delete. */
export function NamedResourcePage<T extends NamedItem>({ kind }: { kind: NamedResourceKind<T> }) {
  const { slug } = useOrg();
  const client = useQueryClient();
  const key = [...orgKey(slug), kind.key];
  const list = useQuery({ queryKey: key, queryFn: () => kind.list(slug) });
  const remove = useMutation({ mutationFn: (id: string) => kind.remove(slug, id), onSettled: () => client.invalidateQueries({ queryKey: orgKey(slug) }) });
  const confirmDelete = (item: T) =>
    modals.openConfirmModal({
      title: `Delete the ${kind.noun} “${item.name}”?`,
      children: <Text size="sm">{kind.deleteConsequence(item)} This cannot be undone.</Text>,
      labels: { confirm: `Delete ${kind.noun}`, cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(item.id, {
          onSuccess: () => notifications.show({ color: 'teal', message: `The ${kind.noun} “${item.name}” was deleted.` }),
          onError: (e) => notifications.show({ color: 'red', title: `Could not delete “${item.name}”`, message: describeError(e) }),
        }),
    });
  const items = list.data?.items ?? [];
  return (
    <SettingsPage title={kind.title} description={kind.description}>
      <CreateForm kind={kind} />
      <ListState query={list} what={`the ${kind.key}`} isEmpty={items.length === 0} empty={{ title: `No ${kind.key} yet`, description: kind.emptyDescription }}>
        <Table.ScrollContainer minWidth={300}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                {kind.extra && <Table.Th>{kind.extra.heading}</Table.Th>}
                <Table.Th visibleFrom="xs">Created</Table.Th>
                <Table.Th w={60}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td><Text size="sm" fw={500}>{item.name}</Text></Table.Td>
                  {kind.extra && <Table.Td>{kind.extra.cell(item)}</Table.Td>}
                  <Table.Td visibleFrom="xs"><Text size="sm">{formatDay(item.createdAt)}</Text></Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label={`Delete “${item.name}”`} withArrow>
                      <ActionIcon variant="subtle" color="red" onClick={() => confirmDelete(item)} aria-label={`Delete the ${kind.noun} “${item.name}”`}>
                        <Icon name="trash" size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
    </SettingsPage>
  );
}
