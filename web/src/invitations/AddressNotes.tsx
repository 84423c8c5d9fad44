import { Alert, Button, Code, List, Text } from '@mantine/core';
import { isBlocking, type AddressNote } from './invite-batch';

const SHOWN = 30;

function NoteList({ notes, addresses }: { notes: AddressNote[]; addresses: string[] }) {
  return (
    <>
      <List size="sm" spacing={2} mt={4}>
        {notes.slice(0, SHOWN).map((n) => (
          <List.Item key={n.index}>
            <Code>{n.email}</Code>{' '}
            {n.code === 'duplicate' && n.duplicateOf !== undefined ? `repeats ${addresses[n.duplicateOf]}` : n.message}
          </List.Item>
        ))}
      </List>
      {notes.length > SHOWN && <Text size="sm" mt={4}>and {(notes.length - SHOWN).toLocaleString()} more.</Text>}
    </>
  );
}

/**
 * What the check found: addresses the invite would refuse (sending waits until they are fixed or
 * removed) and people the organization already has (they are reported, not re-invited).
 */
export function AddressNotes({ notes, addresses, onRemove }: { notes: AddressNote[]; addresses: string[]; onRemove: (indexes: Set<number>) => void }) {
  const blocking = notes.filter(isBlocking);
  const known = notes.filter((n) => !isBlocking(n));
  const n = blocking.length;
  return (
    <>
      {n > 0 && (
        <Alert color="red" variant="light" role="alert" title={`${n.toLocaleString()} ${n === 1 ? 'address needs' : 'addresses need'} fixing before sending`}>
          <NoteList notes={blocking} addresses={addresses} />
          <Button size="xs" variant="light" color="red" mt="sm" onClick={() => onRemove(new Set(blocking.map((b) => b.index)))}>
            Remove {n === 1 ? 'it' : 'them'}
          </Button>
        </Alert>
      )}
      {known.length > 0 && (
        <Alert color="blue" variant="light" title={`${known.length.toLocaleString()} already in the organization`}>
          <Text size="sm">Nothing new is sent to them; they are listed in the results.</Text>
          <NoteList notes={known} addresses={addresses} />
        </Alert>
      )}
    </>
  );
}
