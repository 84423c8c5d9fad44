import { Button, EmptyState } from '@mantine/core';
import { Icon } from '../ui/Icon';
import type { MemberListKind } from './MemberRow';

/** Why a page of the list is empty: nobody matches the filters, nobody is here yet, or the page emptied meanwhile. */
export function MembersEmpty({ kind, filtered, laterPage, onClear }: { kind: MemberListKind; filtered: boolean; laterPage: boolean; onClear: () => void }) {
  const [title, description] = laterPage
    ? ['No more people here', 'The people on this page were removed meanwhile. Go back to the previous page.']
    : filtered
      ? ['No members match these filters', 'Try another search, or clear the filters.']
      : kind === 'platform'
        ? ['Nobody has joined yet', 'People appear here once they accept their invitation.']
        : ['No members yet', 'Add someone with "Add user", or invite many people at once.'];
  return (
    <EmptyState icon={<Icon name={filtered ? 'search' : 'users'} size={28} />} withIndicatorBackground title={title} description={description}>
      {filtered && !laterPage && <EmptyState.Actions><Button variant="light" onClick={onClear}>Clear filters</Button></EmptyState.Actions>}
    </EmptyState>
  );
}
