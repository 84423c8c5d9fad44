import { createRoute, z } from '@hono/zod-openapi';
import { listAuditEvents, listAuditFilters } from '../../domain/audit/list-activity.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgParam, PageQuery } from '../schemas.ts';
import { AuditEvent, pageOf, presentAuditEvent, timeCursor, timeKey } from './present-directory.ts';

const AuditQuery = z.object({
  action: z.string().trim().min(1).max(100).optional().openapi({ description: 'Exact action, e.g. member.updated' }),
  actor: z.string().trim().min(1).max(200).optional().openapi({ description: 'Exact actor as recorded, e.g. account:<id> (see /audit-events/filters)' }),
  ...PageQuery,
});
const AuditPage = z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() }).openapi('AuditEventPage');
const AuditFilters = z
  .object({
    actions: z.array(z.string()).openapi({ description: 'Every action recorded, alphabetically' }),
    actors: z.array(z.object({ ref: z.string(), name: z.string() })).openapi({ description: 'Who acted (at most 200), by name' }),
    moreActors: z.boolean().openapi({ description: 'More actors acted than are listed' }),
  })
  .openapi('AuditFilters');

/** The audit log (admins only): who did what, newest first, and what it can be filtered by. */
export function auditRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/audit-events', tags: ['Audit'], security: bearerSecurity, summary: 'Who did what, newest first (admins)',
      request: { params: OrgParam, query: AuditQuery },
      responses: { 200: jsonResponse(AuditPage, 'A page of audit events'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const { cursor, ...query } = c.req.valid('query');
      const page = await listAuditEvents(deps.db, access, { ...query, after: timeKey(cursor) });
      return c.json(pageOf(page.items.map(presentAuditEvent), timeCursor(page.next)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/audit-events/filters', tags: ['Audit'], security: bearerSecurity, summary: 'The actions and actors the audit log can be filtered by (admins)',
      request: { params: OrgParam },
      responses: { 200: jsonResponse(AuditFilters, 'Actions and actors'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json(await listAuditFilters(deps.db, access), 200);
    },
  );
  return app;
}
