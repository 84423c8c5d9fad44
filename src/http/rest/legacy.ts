import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.ts';
import { inviteMembers } from '../../domain/invitations/invite.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../schemas.ts';
import { InviteReport } from './invitation-schemas.ts';

const LegacyInvite = z
  .strictObject({ name: z.string().trim().min(1).max(200), email: z.string().min(1).max(1000) })
  .openapi('LegacyInviteRequest');

/**
 * Compatibility endpoints for scripts written for other products. `POST /legacy/users/invite`
 * takes Rely.io's body, `{name, email}`, with an organization API token (the organization comes
 * from the token) and invites that one person as a member, through the same use case and with the
 * same answer as `POST /orgs/{org}/invitations`.
 */
export function legacyRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post', path: '/legacy/users/invite', tags: ['Compatibility'], security: bearerSecurity,
      summary: "Rely.io's invite: {name, email} with an API token invites one person as a member (answers like POST /orgs/{org}/invitations)",
      request: { body: jsonBody(LegacyInvite) },
      responses: { 200: jsonResponse(InviteReport, 'The outcome for the address'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      if (actor.kind !== 'token') throw new DomainError('forbidden', 'This endpoint takes an organization API token (Authorization: Bearer <token>).');
      const { access } = await getOrgAccess(deps.db, actor.orgId, actor);
      const { name, email } = c.req.valid('json');
      const report = await inviteMembers(deps.db, access, { emails: [email], name, role: 'member', sendInvite: true, source: 'api' }, deps.config.publicUrl, deps.config.invitationsPerDayPerOrg);
      return c.json(report, 200);
    },
  );
  return app;
}
