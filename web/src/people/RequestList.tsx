import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { formatDate, formatDateTime } from '../invitations/format';
import { confirmDismiss, requester, type RequestActionContext } from './request-actions';
import { REQUEST_STATUS_COLORS, REQUEST_STATUS_LABELS } from './request-format';
import type { InvitationRequest } from './request-queries';

interface ListProps {
  items: InvitationRequest[];
  context: RequestActionContext;
  /** The request whose action is running. */
  busy: string | undefined;
}

const nowrap = { whiteSpace: 'nowrap' } as const;
/** Messages wrap between words and keep the requester's line breaks; only a word too long for the line is broken. */
const prose = { whiteSpace: 'pre-line', overflowWrap: 'break-word', wordBreak: 'normal' } as const;
const top = { verticalAlign: 'top' } as const;
const undecided = (r: InvitationRequest) => r.status === 'open' || r.status === 'stale';

function StatusBadge({ request: r }: { request: InvitationRequest }) {
  return <Badge color={REQUEST_STATUS_COLORS[r.status]} variant="light" tt="none" miw="max-content">{REQUEST_STATUS_LABELS[r.status]}</Badge>;
}

/** When a decided request was decided, under its badge. */
function Decided({ request: r }: { request: InvitationRequest }) {
  if (!r.decidedAt) return null;
  return <Text size="xs" c="dimmed" mt={4} style={nowrap} title={formatDateTime(r.decidedAt)}>{formatDate(r.decidedAt)}</Text>;
}

/** Approve (open only) and Dismiss (open or stale), each naming the person for screen readers. */
function Actions({ request: r, context, busy }: { request: InvitationRequest; context: RequestActionContext; busy: boolean }) {
  if (!undecided(r)) return null;
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {r.status === 'open' && (
        <Button size="compact-sm" variant="light" disabled={busy} onClick={() => context.approve(r)} aria-label={`Approve the request from ${requester(r)}`}>Approve</Button>
      )}
      <Button size="compact-sm" variant="subtle" color="red" loading={busy} onClick={() => confirmDismiss(r, context)} aria-label={`Dismiss the request from ${requester(r)}`}>Dismiss</Button>
    </Group>
  );
}

function Requester({ request: r }: { request: InvitationRequest }) {
  return (
    <>
      <Text size="sm" fw={600} style={prose}>{r.name}</Text>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>{r.email}</Text>
    </>
  );
}

function Message({ request: r }: { request: InvitationRequest }) {
  return r.message ? <Text size="sm" style={prose}>{r.message}</Text> : <Text size="sm" c="dimmed">No message</Text>;
}

/** Laptops: a table. Phones: one card per request with the same facts, so nothing scrolls sideways. */
export function RequestList(props: ListProps) {
  const phone = useMediaQuery('(max-width: 48em)');
  return phone ? <RequestCards {...props} /> : <RequestTable {...props} />;
}

function RequestTable({ items, context, busy }: ListProps) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Invitation requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="26%">Requester</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th style={nowrap}>Requested</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td style={top}><Requester request={r} /></Table.Td>
              <Table.Td style={top} miw={220}><Message request={r} /></Table.Td>
              <Table.Td style={{ ...top, ...nowrap }}><Text size="sm" title={formatDateTime(r.requestedAt)}>{formatDate(r.requestedAt)}</Text></Table.Td>
              <Table.Td style={top}><StatusBadge request={r} /><Decided request={r} /></Table.Td>
              <Table.Td style={top}><Actions request={r} context={context} busy={busy === r.id} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RequestCards({ items, context, busy }: ListProps) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} aria-label="Invitation requests">
      {items.map((r) => (
        <Paper key={r.id} withBorder p="sm" component="li" style={{ listStyle: 'none' }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}><Requester request={r} /></div>
            <StatusBadge request={r} />
          </Group>
          {r.message && <Text size="sm" mt={6} style={prose}>{r.message}</Text>}
          <Text size="xs" c="dimmed" mt={6}>
            Requested {formatDate(r.requestedAt)}{r.decidedAt ? ` · ${REQUEST_STATUS_LABELS[r.status].toLowerCase()} ${formatDate(r.decidedAt)}` : ''}
          </Text>
          {undecided(r) && <Group mt={6} justify="flex-end"><Actions request={r} context={context} busy={busy === r.id} /></Group>}
        </Paper>
      ))}
    </Stack>
  );
}
