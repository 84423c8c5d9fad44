import { Hono } from 'hono';
import { removeMember } from '../../domain/members/remove-member.ts';
import { provisionUser } from '../../domain/scim/create-user.ts';
import { getProvisionedUser, listProvisionedUsers } from '../../domain/scim/list.ts';
import { updateProvisionedUser } from '../../domain/scim/update-user.ts';
import type { AppDeps } from '../env.ts';
import { listResponse } from './discovery.ts';
import { parseScimFilter } from './filter.ts';
import { patchOperations } from './patch.ts';
import { pageOf, project, readScimBody, scimJson } from './request.ts';
import type { ScimEnv } from './scim-env.ts';
import { patchedUser, provisionedUserOf, userResource } from './user-resource.ts';

/** /Users (RFC 7644 §3): members of the token's organization. */
export function userRoutes(deps: AppDeps, base: string): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();
  const sending = { publicUrl: deps.config.publicUrl, invitationsPerDay: deps.config.invitationsPerDayPerOrg };

  app.get('/', async (c) => {
    const page = pageOf(c);
    const list = await listProvisionedUsers(deps.db, c.var.access, parseScimFilter(c.req.query('filter')), page);
    return scimJson(c, listResponse(list.rows.map((r) => project(c, userResource(r, base))), list.total, page.startIndex));
  });
  app.get('/:id', async (c) => scimJson(c, project(c, userResource(await getProvisionedUser(deps.db, c.var.access, c.req.param('id')), base))));
  app.post('/', async (c) => {
    const user = provisionedUserOf(await readScimBody(c));
    const row = await provisionUser(deps.db, c.var.access, user, sending.publicUrl, sending.invitationsPerDay);
    return scimJson(c, userResource(row, base), 201, { location: `${base}/Users/${row.id}` });
  });
  app.put('/:id', async (c) => {
    const user = provisionedUserOf(await readScimBody(c));
    return scimJson(c, userResource(await updateProvisionedUser(deps.db, c.var.access, c.req.param('id'), () => user, sending), base));
  });
  app.patch('/:id', async (c) => {
    const operations = patchOperations(await readScimBody(c));
    const row = await updateProvisionedUser(deps.db, c.var.access, c.req.param('id'), (current) => patchedUser(current, base, operations), sending);
    return scimJson(c, userResource(row, base));
  });
  app.delete('/:id', async (c) => {
    await removeMember(deps.db, c.var.access, c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
