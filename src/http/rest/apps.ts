import { createRoute, z } from '@hono/zod-openapi';
import { createApp, deleteApp, listApps } from '../../domain/apps/manage-apps.ts';
import type { OrgAccess } from '../../domain/actor.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import type { Db } from '../../storage/db.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgParam } from '../schemas.ts';
import { App, OrgResourceParams, presentApp } from './present-directory.ts';

/** How one kind of named organization resource (apps, teams) is listed, created and deleted. */
export interface NamedResourceSpec<V, S extends z.ZodType> {
  path: string;
  tag: string;
  schema: S;
  present: (value: V) => z.output<S>;
  list: (db: Db, access: OrgAccess) => Promise<V[]>;
  create: (db: Db, access: OrgAccess, name: string) => Promise<V>;
  remove: (db: Db, access: OrgAccess, id: string) => Promise<void>;
  summaries: { list: string; create: string; remove: string };
}

/** GET and POST /orgs/{org}/<path>, DELETE /orgs/{org}/<path>/{id}: a named resource, unique per organization. */
export function namedResourceRoutes<V, S extends z.ZodType>(deps: AppDeps, spec: NamedResourceSpec<V, S>) {
  const app = createRouter();
  const tags = [spec.tag];
  const CreateBody = z.strictObject({ name: z.string().trim().min(1).max(200) }).openapi(`Create${spec.tag.replace(/s$/, '')}`);
  const ListResponse = z.object({ items: z.array(spec.schema) });

  app.openapi(
    createRoute({
      method: 'get', path: `/orgs/{org}/${spec.path}`, tags, security: bearerSecurity, summary: spec.summaries.list,
      request: { params: OrgParam },
      responses: { 200: jsonResponse(ListResponse, 'By name'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json({ items: (await spec.list(deps.db, access)).map(spec.present) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: `/orgs/{org}/${spec.path}`, tags, security: bearerSecurity, summary: spec.summaries.create,
      request: { params: OrgParam, body: jsonBody(CreateBody) },
      responses: { 201: jsonResponse(spec.schema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json(spec.present(await spec.create(deps.db, access, c.req.valid('json').name)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: `/orgs/{org}/${spec.path}/{id}`, tags, security: bearerSecurity, summary: spec.summaries.remove,
      request: { params: OrgResourceParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      await spec.remove(deps.db, access, id);
      return c.body(null, 204);
    },
  );

  return app;
}

/** Apps (PRODUCT §1): guests see the apps they were given; admins create and delete them. */
export function appRoutes(deps: AppDeps) {
  return namedResourceRoutes(deps, {
    path: 'apps', tag: 'Apps', schema: App, present: presentApp, list: listApps, create: createApp, remove: deleteApp,
    summaries: { list: 'Apps: all of them, or for a guest those given to them', create: 'Create an app (admins)', remove: 'Delete an app and all access to it (admins)' },
  });
}
