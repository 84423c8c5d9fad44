import { Anchor, Code, Table, Text } from '@mantine/core';
import type { Schemas } from '../api/types';
import { detailLines, eventLabel, targetLabel } from './audit-text';
import { formatWhen } from './format';

type AuditEvent = Schemas['AuditEvent'];

/** The actor's name; a link that filters the log to them, unless it already is. */
function ActorName({ event, filtered, onFilter, size = 'sm' }: { event: AuditEvent; filtered: boolean; onFilter: (actor: string) => void; size?: 'xs' | 'sm' }) {
  if (filtered) return <Text size={size} span>{event.actorName}</Text>;
  return (
    <Anchor component="button" type="button" size={size} ta="left" onClick={() => onFilter(event.actor)} aria-label={`${event.actorName}: show only what they did`}>
      {event.actorName}
    </Anchor>
  );
}

/** One audit entry: when, who, what, to what, and the details. On phones it folds into one cell. */
export function AuditRow({ event, filteredByActor, onFilterActor }: { event: AuditEvent; filteredByActor: boolean; onFilterActor: (actor: string) => void }) {
  const details = detailLines(event).map((line) => <Text key={line} size="xs" c="dimmed">{line}</Text>);
  const actor = (size: 'xs' | 'sm') => <ActorName event={event} filtered={filteredByActor} onFilter={onFilterActor} size={size} />;
  return (
    <Table.Tr>
      <Table.Td hiddenFrom="sm">
        <Text size="sm" fw={500}>{eventLabel(event)}</Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{targetLabel(event)}</Text>
        <Text size="xs" c="dimmed">{formatWhen(event.at)} · by {actor('xs')}</Text>
        {details}
      </Table.Td>
      <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}><Text size="sm">{formatWhen(event.at)}</Text></Table.Td>
      <Table.Td visibleFrom="sm">{actor('sm')}</Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm">{eventLabel(event)}</Text>
        <Code fz="xs">{event.action}</Code>
      </Table.Td>
      <Table.Td visibleFrom="sm" maw={320}><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{targetLabel(event)}</Text></Table.Td>
      <Table.Td visibleFrom="sm">{details}</Table.Td>
    </Table.Tr>
  );
}
