import { createRoute, z } from '@hono/zod-openapi';
import { acceptMyInvitation, declineMyInvitation } from '../../domain/me/answer-my-invitation.ts';
import { listMyInvitations } from '../../domain/me/my-invitations.ts';
import { requireAccount } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { errorResponses, IdParam, jsonResponse, ProblemSchema } from '../schemas.ts';
import { AcceptedSchema, presentAccepted } from './invite-public.ts';
import { isoTime } from '../../text/iso-time.ts';

const MyInvitation = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(['admin', 'member', 'guest']),
    expiresAt: z.string(),
    organization: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    inviter: z.object({ name: z.string() }),
  })
  .openapi('MyInvitation');

const Params = z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' } }) });
const ended = { 410: { description: 'The invitation has ended', content: { 'application/problem+json': { schema: ProblemSchema } } } };
const tags = ['Me'];
const session = [{ session: [] }];

/** The signed-in person's pending invitations: the bell (R10). */
export function meInvitationRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get', path: '/me/invitations', tags, security: session, summary: 'My pending invitations, across organizations',
      responses: {
        200: jsonResponse(
          z.object({ count: z.number().int(), items: z.array(MyInvitation), emailVerified: z.boolean().openapi({ description: 'Invitations are listed only for a verified address' }) }),
          'Pending invitations',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const mine = await listMyInvitations(deps.db, requireAccount(c));
      const items = mine.items.map((i) => ({ ...i, expiresAt: isoTime(i.expiresAt) }));
      return c.json({ count: items.length, items, emailVerified: mine.emailVerified }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/me/invitations/{id}/accept', tags, security: session, summary: 'Accept one of my invitations',
      request: { params: Params },
      responses: { 200: jsonResponse(AcceptedSchema, 'Joined'), ...errorResponses, ...ended },
    }),
    async (c) => {
      const accepted = await acceptMyInvitation(deps.db, requireAccount(c), c.req.valid('param').id);
      return c.json(presentAccepted(accepted, true), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/me/invitations/{id}/decline', tags, security: session, summary: 'Decline one of my invitations',
      request: { params: Params },
      responses: { 200: jsonResponse(z.object({ status: z.literal('declined') }), 'Declined'), ...errorResponses, ...ended },
    }),
    async (c) => {
      await declineMyInvitation(deps.db, requireAccount(c), c.req.valid('param').id);
      return c.json({ status: 'declined' as const }, 200);
    },
  );

  return app;
}
