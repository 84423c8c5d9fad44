import { Text } from '@mantine/core';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { plural } from './format';
import { NamedResourcePage, type NamedResourceKind } from './NamedResourcePage';

const teams: NamedResourceKind<Schemas['Team']> = {
  key: 'teams',
  noun: 'team',
  title: 'Teams',
  description: 'Groups of members. A member’s teams are chosen in People, under Manage.',
  emptyDescription: 'Create a team, then put people in it from People.',
  list: (org) => unwrap(api.GET('/api/v1/orgs/{org}/teams', { params: { path: { org } } })),
  create: (org, name) => unwrap(api.POST('/api/v1/orgs/{org}/teams', { params: { path: { org } }, body: { name } })),
  remove: (org, id) => unwrap(api.DELETE('/api/v1/orgs/{org}/teams/{id}', { params: { path: { org, id } } })),
  deleteConsequence: (team) => `Its ${plural(team.memberCount, 'member')} stay in the organization; only the team goes.`,
  extra: { heading: 'Members', cell: (team) => <Text size="sm">{team.memberCount.toLocaleString()}</Text> },
};

/** Teams with their member counts: list, create, delete. */
export function TeamsPage() {
  return <NamedResourcePage kind={teams} />;
}
