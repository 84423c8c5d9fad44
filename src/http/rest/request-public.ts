import { createRoute, z } from '@hono/zod-openapi';
import { confirmInvitationRequest } from '../../domain/requests/confirm-request.ts';
import { findRequestableOrganization, requestInvitation } from '../../domain/requests/request-invitation.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { clientIp, rateLimit } from '../rate-limit.ts';
import { errorResponses, jsonBody, jsonResponse, OrgParam } from '../schemas.ts';

const RequestBody = z
  .strictObject({
    email: z.string().min(1).max(254),
    name: z.string().trim().min(1).max(200),
    message: z.string().trim().max(500).nullable().optional().openapi({ description: 'Optional, up to 500 characters' }),
  })
  .openapi('InvitationRequestForm');

/** The one answer to every accepted request, whoever the address belongs to. */
const RECEIVED = {
  status: 'received' as const,
  message: 'Thanks. If this address can be invited, an email is on its way to it: follow its link to confirm your request, and the administrators will see it.',
};

const Received = z.object({ status: z.literal('received'), message: z.string() }).openapi('InvitationRequestReceived');
const tags = ['Invitation requests'];

/**
 * The public side of invitation requests (R12): what the organization's sign-in page offers, the
 * request itself, and the confirmation link. An organization that does not take requests answers
 * exactly as one that does not exist.
 */
export function requestPublicRoutes(deps: AppDeps) {
  const app = createRouter();
  const perMinute = rateLimit({ bucket: 'request-form', perMinute: deps.config.rateLimitPublicPerMinute, trustProxy: deps.config.trustProxy });
  app.use('/orgs/:org/invitation-requests/form', perMinute);
  app.use('/invitation-requests/confirm', perMinute);

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/invitation-requests/form', tags,
      summary: "The organization's sign-in page: whether it offers \"Request an invitation\" (404 when not, as for an unknown organization)",
      request: { params: OrgParam },
      responses: { 200: jsonResponse(z.object({ organization: z.object({ slug: z.string(), name: z.string() }) }), 'It takes requests'), ...errorResponses },
    }),
    async (c) => {
      const org = await findRequestableOrganization(deps.db, c.req.valid('param').org);
      return c.json({ organization: { slug: org.slug, name: org.name } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitation-requests', tags,
      summary: 'Ask to be invited (public). The same answer whatever the address; a confirmation email goes to the address',
      request: { params: OrgParam, body: jsonBody(RequestBody) },
      responses: { 202: jsonResponse(Received, 'Received (said the same way for every address)'), ...errorResponses },
    }),
    async (c) => {
      const ctx = { clientIp: clientIp(c, deps.config.trustProxy), publicUrl: deps.config.publicUrl, limits: deps.config.requestLimits };
      await requestInvitation(deps.db, c.req.valid('param').org, c.req.valid('json'), ctx);
      return c.json(RECEIVED, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/invitation-requests/confirm', tags,
      summary: 'Confirm a request with the token from the emailed link (once; the link works for 24 hours)',
      request: { body: jsonBody(z.strictObject({ token: z.string().min(1).max(200) }).openapi('ConfirmInvitationRequest')) },
      responses: { 200: jsonResponse(z.object({ status: z.literal('confirmed'), organization: z.object({ name: z.string() }) }), 'Confirmed: the administrators will see the request'), ...errorResponses },
    }),
    async (c) => {
      const { orgName } = await confirmInvitationRequest(deps.db, c.req.valid('json').token);
      return c.json({ status: 'confirmed' as const, organization: { name: orgName } }, 200);
    },
  );

  return app;
}
