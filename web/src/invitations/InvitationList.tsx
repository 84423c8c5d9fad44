import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { formatDate, formatDateTime, roleLabel, statusColor, statusLabel } from './format';
import { confirmCancel, confirmResend, invitee, type ActionContext, type ListedInvitation } from './invitation-actions';

interface ListProps {
  items: ListedInvitation[];
  context: ActionContext;
  /** The invitation whose action is running. */
  busy: string | undefined;
  canManage: boolean;
}

const isOpen = (i: ListedInvitation) => i.status === 'pending' || i.status === 'expired';
const nowrap = { whiteSpace: 'nowrap' } as const;

function StatusBadge({ invitation }: { invitation: ListedInvitation }) {
  return <Badge color={statusColor[invitation.status]} variant="light" tt="none" miw="max-content">{statusLabel[invitation.status]}</Badge>;
}

/** Resend (pending or expired) and Cancel, each behind a confirmation that names the person. */
function Actions({ invitation: i, context, busy }: { invitation: ListedInvitation; context: ActionContext; busy: boolean }) {
  if (!isOpen(i)) return null;
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-sm" variant="subtle" loading={busy} onClick={() => confirmResend(i, context)} aria-label={`Resend the invitation to ${invitee(i)}`}>Resend</Button>
      <Button size="compact-sm" variant="subtle" color="red" disabled={busy} onClick={() => confirmCancel(i, context)} aria-label={`Cancel the invitation to ${invitee(i)}`}>Cancel</Button>
    </Group>
  );
}

function Invitee({ invitation: i }: { invitation: ListedInvitation }) {
  return (
    <>
      {i.name && <Text size="sm" fw={600}>{i.name}</Text>}
      <Text size="sm" c={i.name ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>{i.email}</Text>
    </>
  );
}

const expiry = (i: ListedInvitation) => (isOpen(i) ? formatDate(i.expiresAt) : '—');
const inviterName = (i: ListedInvitation) => i.inviter?.name ?? 'A deleted account';

/** Laptops: a table. Phones: one card per invitation with the same facts, so nothing scrolls sideways. */
export function InvitationList(props: ListProps) {
  const phone = useMediaQuery('(max-width: 48em)');
  return phone ? <InvitationCards {...props} /> : <InvitationTable {...props} />;
}

function InvitationTable({ items, context, busy, canManage }: ListProps) {
  return (
    <Table.ScrollContainer minWidth={canManage ? 940 : 800}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Invitee</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Invited by</Table.Th>
            <Table.Th ta="right">Sent</Table.Th>
            <Table.Th style={nowrap}>Last sent</Table.Th>
            <Table.Th>Expires</Table.Th>
            {canManage && <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td><Invitee invitation={i} /></Table.Td>
              <Table.Td><Text size="sm">{roleLabel[i.role]}</Text></Table.Td>
              <Table.Td><StatusBadge invitation={i} /></Table.Td>
              <Table.Td><Text size="sm" c={i.inviter ? undefined : 'dimmed'}>{inviterName(i)}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm">{i.sentCount}</Text></Table.Td>
              <Table.Td style={nowrap}><Text size="sm" title={formatDateTime(i.lastSentAt)}>{formatDate(i.lastSentAt)}</Text></Table.Td>
              <Table.Td style={nowrap}><Text size="sm" c={i.status === 'pending' ? undefined : 'dimmed'}>{expiry(i)}</Text></Table.Td>
              {canManage && <Table.Td><Actions invitation={i} context={context} busy={busy === i.id} /></Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function InvitationCards({ items, context, busy, canManage }: ListProps) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} aria-label="Invitations">
      {items.map((i) => (
        <Paper key={i.id} withBorder p="sm" component="li" style={{ listStyle: 'none' }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}><Invitee invitation={i} /></div>
            <StatusBadge invitation={i} />
          </Group>
          <Text size="xs" c="dimmed" mt={6}>
            {roleLabel[i.role]} · invited by {inviterName(i)} · sent {i.sentCount}× (last {formatDate(i.lastSentAt)}){isOpen(i) ? ` · expires ${expiry(i)}` : ''}
          </Text>
          {canManage && isOpen(i) && <Group mt={6} justify="flex-end"><Actions invitation={i} context={context} busy={busy === i.id} /></Group>}
        </Paper>
      ))}
    </Stack>
  );
}
