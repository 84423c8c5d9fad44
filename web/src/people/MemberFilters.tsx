import { Button, Group, Select, TextInput } from '@mantine/core';
import type { Role } from '../api/types';
import { Icon } from '../ui/Icon';
import { ROLE_LABELS } from './roles';
import { STATUS_FILTERS, type StatusFilter } from './status';

export interface FilterValues {
  search: string;
  status: StatusFilter | null;
  role: Role | null;
}

export const NO_FILTERS: FilterValues = { search: '', status: null, role: null };

const ROLE_FILTERS = (['admin', 'member', 'guest'] as const).map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Search (name or email prefix), and filters by status (Users only) and role. */
export function MemberFilters({ values, onChange, withStatus }: { values: FilterValues; onChange: (v: FilterValues) => void; withStatus: boolean }) {
  const active = values.search !== '' || values.status !== null || values.role !== null;
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name or email starts with…"
        leftSection={<Icon name="search" size={16} />}
        value={values.search}
        onChange={(e) => onChange({ ...values, search: e.currentTarget.value })}
        maxLength={254}
        style={{ flex: '1 1 240px' }}
      />
      {withStatus && (
        <Select
          label="Status"
          placeholder="All statuses"
          data={STATUS_FILTERS}
          value={values.status}
          onChange={(v) => onChange({ ...values, status: v as StatusFilter | null })}
          clearable
          w={170}
        />
      )}
      <Select
        label="Role"
        placeholder="All roles"
        data={ROLE_FILTERS}
        value={values.role}
        onChange={(v) => onChange({ ...values, role: v as Role | null })}
        clearable
        w={140}
      />
      {active && <Button variant="subtle" onClick={() => onChange(NO_FILTERS)}>Clear filters</Button>}
    </Group>
  );
}
