import { createRoute, z } from '@hono/zod-openapi';
import { listNotifications } from '../../domain/audit/list-activity.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgParam, PageQuery } from '../schemas.ts';
import { Notification, NotificationStatus, pageOf, presentNotification, timeCursor, timeKey } from './present-directory.ts';

const NotificationPage = z.object({ items: z.array(Notification), nextCursor: z.string().nullable() }).openapi('NotificationPage');

/** The outbox as admins see it: what was queued, sent, failed or suppressed; never a payload. */
export function notificationRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/notifications', tags: ['Notifications'], security: bearerSecurity,
      summary: 'What was queued, sent, failed or suppressed, newest first (admins)',
      request: { params: OrgParam, query: z.object({ status: NotificationStatus.optional(), ...PageQuery }) },
      responses: { 200: jsonResponse(NotificationPage, 'A page of notifications'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const { cursor, ...query } = c.req.valid('query');
      const page = await listNotifications(deps.db, access, { ...query, after: timeKey(cursor) });
      return c.json(pageOf(page.items.map(presentNotification), timeCursor(page.next)), 200);
    },
  );
  return app;
}
