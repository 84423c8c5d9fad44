import { createRoute, z } from '@hono/zod-openapi';
import { listNotifications } from '../../domain/audit/list-activity.ts';
import { retryNotification } from '../../domain/notifications/retry.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgParam, PageQuery } from '../schemas.ts';
import { Notification, NotificationStatus, OrgResourceParams, pageOf, presentNotification, timeCursor, timeKey } from './present-directory.ts';

const NotificationPage = z.object({ items: z.array(Notification), nextCursor: z.string().nullable() }).openapi('NotificationPage');
const tags = ['Notifications'];

/** The outbox as admins see it: what was queued, sent, failed or suppressed; never a payload. Failed messages can be retried. */
export function notificationRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/notifications', tags, security: bearerSecurity,
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
  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/notifications/{id}/retry', tags, security: bearerSecurity,
      summary: 'Queue a failed message again with its attempts reset (admins); not while notifications are off, and not an invitation email (resend the invitation)',
      request: { params: OrgResourceParams },
      responses: { 202: { description: 'Queued again; the worker sends it (the mute and link checks still apply)' }, ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      await retryNotification(deps.db, access, id);
      return c.body(null, 202);
    },
  );
  return app;
}
