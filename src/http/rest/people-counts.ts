import { createRoute, z } from '@hono/zod-openapi';
import { getPeopleCounts } from '../../domain/invitations/people-counts.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgParam } from '../schemas.ts';

const n = z.number().int();

const PeopleCounts = z
  .object({
    members: z.object({ all: n, active: n, pending: n, deactivated: n }),
    invitations: z
      .object({ pending: n, accepted: n, declined: n, revoked: n, expired: n })
      .openapi({ description: 'By effective status: a pending invitation past its expiry counts as expired' }),
    pendingToSend: n.openapi({ description: 'How many people POST /invitations/send {scope:"pending"} would mail now' }),
  })
  .openapi('PeopleCounts');

/** GET /orgs/{org}/people-counts: the console's tab counts and the "send to all" number. */
export function peopleCountRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/people-counts', tags: ['Members'], security: bearerSecurity,
      summary: 'Members by status, invitations by status, and how many a send to all pending would mail (members and admins)',
      request: { params: OrgParam },
      responses: { 200: jsonResponse(PeopleCounts, 'The counts'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json(await getPeopleCounts(deps.db, access), 200);
    },
  );
  return app;
}
