import { Alert, Anchor, Badge, Button, Collapse, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { orgKey, useOrg } from '../orgs/org-context';
import { Icon } from '../ui/Icon';
import { formatWhen } from './format';
import { ListState } from './ListState';
import { linksOf } from './mailbox-links';
import { SettingsPage } from './SettingsPage';
import { useInstance } from './use-settings';

const STEP = 50;
const MAX = 200;

function Message({ m }: { m: Schemas['MailboxMessage'] }) {
  const [open, { toggle }] = useDisclosure();
  const links = linksOf(m.text);
  const bodyId = `mail-${m.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`${bodyId}-subject`}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={2} size="h5" id={`${bodyId}-subject`} style={{ flex: '1 1 240px', wordBreak: 'break-word' }}>{m.subject}</Title>
          <Text size="xs" c="dimmed">{formatWhen(m.createdAt)}</Text>
        </Group>
        <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>To {m.to}</Text>
        {links.length > 0 && (
          <Stack gap={4}>
            {links.map((l) =>
              l.kind === 'removed' ? (
                <Group key={l.url} gap="xs" align="center">
                  <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>Link removed</Badge>
                  <Text size="xs" c="dimmed">It no longer works: the invitation ended, or a newer email replaced it.</Text>
                </Group>
              ) : (
                <Anchor key={l.url} href={l.url} target="_blank" rel="noreferrer noopener" size="sm" style={{ wordBreak: 'break-all' }}>
                  <Group gap={4} wrap="nowrap" component="span">
                    <span>{l.kind === 'invitation' ? 'Open the invitation' : l.url}</span>
                    <Icon name="external" size={14} />
                  </Group>
                </Anchor>
              ),
            )}
          </Stack>
        )}
        <Anchor component="button" type="button" size="sm" ta="left" w="fit-content" onClick={toggle} aria-expanded={open} aria-controls={bodyId}>
          {open ? 'Hide the message' : 'Show the message'}
        </Anchor>
        <Collapse expanded={open} id={bodyId}>
          <Text size="sm" component="pre" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>{m.text}</Text>
        </Collapse>
      </Stack>
    </Paper>
  );
}

/**
 * The development mailbox (when the instance keeps email instead of sending it): the organization's
 * emails with their links; an invitation link opens the invite page in a new tab.
 */
export function MailboxPage() {
  const { slug } = useOrg();
  const instance = useInstance();
  const [to, setTo] = useState('');
  const [debouncedTo] = useDebouncedValue(to.trim(), 300);
  const [limit, setLimit] = useState(STEP);
  const enabled = instance.data?.devMailbox === true;
  const mail = useQuery({
    queryKey: [...orgKey(slug), 'mailbox', { to: debouncedTo, limit }],
    queryFn: () => unwrap(api.GET('/api/v1/dev/mailbox', { params: { query: { org: slug, limit, to: debouncedTo || undefined } } })),
    enabled,
    placeholderData: (previous) => previous,
  });
  const description = 'Email this organization would have sent. This server keeps email here instead of delivering it, so the product can be tried without a mail server.';
  if (instance.data && !enabled) {
    return (
      <SettingsPage title="Development mailbox" description={description}>
        <Alert color="gray" title="The development mailbox is not enabled on this server">
          Email is delivered through the server’s mail settings instead. The operator turns the mailbox on with DEV_MAILBOX=true (with no SMTP_URL), for trying Guestlist without a mail server.
        </Alert>
      </SettingsPage>
    );
  }
  const items = mail.data?.items ?? [];
  return (
    <SettingsPage title="Development mailbox" description={description}>
      <TextInput label="Recipient" placeholder="Any address" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} maw={360} description="Shows only the email sent to this exact address." />
      <ListState
        query={instance.isPending ? instance : mail}
        what="the mailbox"
        isEmpty={items.length === 0}
        empty={{ title: debouncedTo ? `No email to ${debouncedTo}` : 'No email yet', description: 'Invitations appear here a moment after they are sent.' }}
      >
        <Stack gap="sm">
          {items.map((m) => <Message key={m.id} m={m} />)}
          {items.length === limit && limit < MAX && (
            <Group justify="center">
              <Button variant="default" onClick={() => setLimit((l) => Math.min(l + STEP, MAX))} loading={mail.isFetching}>Show older email</Button>
            </Group>
          )}
        </Stack>
      </ListState>
    </SettingsPage>
  );
}
