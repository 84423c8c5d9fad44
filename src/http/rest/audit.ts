import { createRoute, z } from '@hono/zod-openapi';
import { listAuditEvents } from '../../domain/audit/list-activity.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgParam, PageQuery } from '../schemas.ts';
import { AuditEvent, pageOf, presentAuditEvent, timeCursor, timeKey } from './present-directory.ts';

const AuditQuery = z.object({ action: z.string().trim().min(1).max(100).optional().openapi({ description: 'Exact action, e.g. member.updated' }), ...PageQuery });
const AuditPage = z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() }).openapi('AuditEventPage');

/** The audit log (admins only): who did what, newest first. */
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
  return app;
}
