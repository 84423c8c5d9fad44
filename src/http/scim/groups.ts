import { Hono } from 'hono';
import { deleteTeam } from '../../domain/teams/manage-teams.ts';
import { provisionGroup, updateProvisionedGroup } from '../../domain/scim/groups.ts';
import { getProvisionedGroup, listProvisionedGroups } from '../../domain/scim/list.ts';
import type { AppDeps } from '../env.ts';
import { listResponse } from './discovery.ts';
import { parseScimFilter } from './filter.ts';
import { groupResource, patchedGroup, provisionedGroupOf } from './group-resource.ts';
import { patchOperations } from './patch.ts';
import { excludedOf, pageOf, project, readScimBody, scimJson } from './request.ts';
import type { ScimEnv } from './scim-env.ts';

/** /Groups (RFC 7644 §3): the token's organization's teams. PATCH answers 204, as Entra and Okta expect. */
export function groupRoutes(deps: AppDeps, base: string): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();

  app.get('/', async (c) => {
    const page = pageOf(c);
    const withMembers = !excludedOf(c).has('members');
    const list = await listProvisionedGroups(deps.db, c.var.access, parseScimFilter(c.req.query('filter')), { ...page, withMembers });
    return scimJson(c, listResponse(list.rows.map((r) => project(c, groupResource(r, base))), list.total, page.startIndex));
  });
  app.get('/:id', async (c) => {
    const row = await getProvisionedGroup(deps.db, c.var.access, c.req.param('id'), !excludedOf(c).has('members'));
    return scimJson(c, project(c, groupResource(row, base)));
  });
  app.post('/', async (c) => {
    const row = await provisionGroup(deps.db, c.var.access, provisionedGroupOf(await readScimBody(c)));
    return scimJson(c, groupResource(row, base), 201, { location: `${base}/Groups/${row.id}` });
  });
  app.put('/:id', async (c) => {
    const group = provisionedGroupOf(await readScimBody(c));
    return scimJson(c, groupResource(await updateProvisionedGroup(deps.db, c.var.access, c.req.param('id'), () => group), base));
  });
  app.patch('/:id', async (c) => {
    const operations = patchOperations(await readScimBody(c));
    await updateProvisionedGroup(deps.db, c.var.access, c.req.param('id'), (current) => patchedGroup(current, base, operations));
    return c.body(null, 204);
  });
  app.delete('/:id', async (c) => {
    await deleteTeam(deps.db, c.var.access, c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
