import { Badge, Text, Tooltip } from '@mantine/core';
import { SOURCES, type MemberSource } from './source';

/**
 * How a member was added, as a subtle label with the full sentence in a tooltip (on hover or
 * touch). SCIM members, whom an identity provider manages, stand out as a badge. In a card,
 * which has no column header, the label reads "via API".
 */
export function SourceLabel({ source, inCard = false }: { source: MemberSource; inCard?: boolean }) {
  const { label, description } = SOURCES[source];
  return (
    <Tooltip label={description} withArrow openDelay={200} multiline maw={260} events={{ hover: true, focus: false, touch: true }}>
      {source === 'scim'
        ? <Badge variant="dot" color="indigo" radius="sm" tt="none" fw={600} style={{ minWidth: 'max-content' }}>{label}</Badge>
        : <Text size={inCard ? 'xs' : 'sm'} c={inCard ? 'dimmed' : undefined} span style={{ whiteSpace: 'nowrap' }}>{inCard ? `via ${label}` : label}</Text>}
    </Tooltip>
  );
}
