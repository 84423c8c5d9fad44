import { createRoute, z } from '@hono/zod-openapi';
import { approveInvitationRequest, dismissInvitationRequest, dismissStaleInvitationRequests } from '../../domain/requests/decide-request.ts';
import { listInvitationRequests } from '../../domain/requests/list-requests.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import type { RequestRow } from '../../storage/invitation-requests.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { AppGrant, bearerSecurity, errorResponses, IdParam, jsonBody, jsonResponse, OrgParam, PageQuery, Role } from '../schemas.ts';
import { InviteResultSchema } from './invitation-schemas.ts';
import { isoTime, isoTimeOrNull } from '../../text/iso-time.ts';

const RequestStatus = z.enum(['open', 'stale', 'approved', 'dismissed', 'expired']).openapi('InvitationRequestStatus', {
  description: 'stale: open, but the address has become an active member meanwhile (worked out at every read)',
});

const InvitationRequest = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    message: z.string().nullable(),
    status: RequestStatus,
    requestedAt: z.string(),
    confirmedAt: z.string().nullable(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
    invitationId: z.string().nullable(),
  })
  .openapi('InvitationRequest');

const RequestParams = OrgParam.extend({ id: IdParam.openapi({ param: { name: 'id', in: 'path' } }) });
const ApproveBody = z
  .strictObject({ role: Role, apps: z.array(AppGrant).max(500).optional().openapi({ description: 'App access, for guests' }) })
  .openapi('ApproveInvitationRequest');

function present(r: RequestRow): z.infer<typeof InvitationRequest> {
  return {
    id: r.id, email: r.email, name: r.name, message: r.message, status: r.status,
    requestedAt: isoTime(r.requestedAt), confirmedAt: isoTimeOrNull(r.confirmedAt), expiresAt: isoTime(r.expiresAt),
    decidedAt: isoTimeOrNull(r.decidedAt), invitationId: r.invitationId,
  };
}

const tags = ['Invitation requests'];

/** The admins' side of invitation requests (R13). */
export function invitationRequestRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/invitation-requests', tags, security: bearerSecurity,
      summary: 'Confirmed invitation requests, newest first (admins only)',
      request: { params: OrgParam, query: z.object({ status: RequestStatus.optional(), ...PageQuery }) },
      responses: {
        200: jsonResponse(z.object({ items: z.array(InvitationRequest), nextCursor: z.string().nullable(), counts: z.object({ open: z.number().int(), stale: z.number().int() }) }), 'A page, and how many are open and stale'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const { status, cursor, limit } = c.req.valid('query');
      const key = decodeCursor(cursor, 2);
      const page = await listInvitationRequests(deps.db, access, { status, after: key && { requestedAt: key[0]!, id: key[1]! }, limit });
      return c.json({ items: page.items.map(present), nextCursor: page.next ? encodeCursor([page.next.requestedAt, page.next.id]) : null, counts: page.counts }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitation-requests/{id}/approve', tags, security: bearerSecurity,
      summary: 'Approve an open request: it becomes an invitation with the role chosen (already_member when stale)',
      request: { params: RequestParams, body: jsonBody(ApproveBody) },
      responses: { 200: jsonResponse(z.object({ request: InvitationRequest, result: InviteResultSchema }), 'Approved, and what the invite did'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      const { request, result } = await approveInvitationRequest(deps.db, access, id, c.req.valid('json'), deps.config.publicUrl, deps.config.invitationsPerDayPerOrg);
      return c.json({ request: present(request), result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitation-requests/{id}/dismiss', tags, security: bearerSecurity,
      summary: 'Dismiss an open or stale request (nothing is sent to the requester)',
      request: { params: RequestParams },
      responses: { 200: jsonResponse(z.object({ id: z.string(), status: z.literal('dismissed') }), 'Dismissed'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      await dismissInvitationRequest(deps.db, access, id);
      return c.json({ id, status: 'dismissed' as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitation-requests/dismiss-stale', tags, security: bearerSecurity,
      summary: 'Dismiss every stale request (open, from an address that is now an active member)',
      request: { params: OrgParam },
      responses: { 200: jsonResponse(z.object({ dismissed: z.number().int() }), 'How many were dismissed'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json(await dismissStaleInvitationRequests(deps.db, access), 200);
    },
  );

  return app;
}
