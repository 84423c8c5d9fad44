import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { NamedResourcePage, type NamedResourceKind } from './NamedResourcePage';

const apps: NamedResourceKind<Schemas['App']> = {
  key: 'apps',
  noun: 'app',
  title: 'Apps',
  description: 'The applications guests can be given access to, each with an app role (admin, write or read).',
  emptyDescription: 'Create an app to give guests access to it when you invite them.',
  list: (org) => unwrap(api.GET('/api/v1/orgs/{org}/apps', { params: { path: { org } } })),
  create: (org, name) => unwrap(api.POST('/api/v1/orgs/{org}/apps', { params: { path: { org } }, body: { name } })),
  remove: (org, id) => unwrap(api.DELETE('/api/v1/orgs/{org}/apps/{id}', { params: { path: { org, id } } })),
  deleteConsequence: (app) => `Every guest loses their access to “${app.name}”; the guests stay in the organization.`,
};

/** Apps: list, create, delete. */
export function AppsPage() {
  return <NamedResourcePage kind={apps} />;
}
