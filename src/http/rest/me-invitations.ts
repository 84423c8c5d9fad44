import { createRoute, z } from '@hono/zod-openapi';
import { acceptAsAccount } from '../../domain/invitations/accept.ts';
import { declineInvitation } from '../../domain/invitations/decline.ts';
import { inviterNameForInvitee } from '../../domain/actor.ts';
import { checkEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { describeActors } from '../../storage/actors.ts';
import { findInvitationForEmail } from '../../storage/invitations.ts';
import { listPendingForEmail } from '../../storage/invitations-list.ts';
import { requireAccount } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { errorResponses, IdParam, jsonResponse, ProblemSchema } from '../schemas.ts';
import { AcceptedSchema, presentAccepted } from './invite-public.ts';

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

  /** An invitation addressed to the caller's verified address (anyone may sign up with any address). */
  const mine = async (account: { email: string; emailVerified: boolean }, id: string) => {
    if (!account.emailVerified) throw new DomainError('email_not_verified');
    const email = checkEmail(account.email);
    const invitation = email.ok ? await findInvitationForEmail(deps.db, id, email.email.normalized) : undefined;
    if (!invitation) throw new DomainError('invitation_not_found');
    return invitation;
  };

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
      const actor = requireAccount(c);
      const email = checkEmail(actor.email);
      const rows = email.ok && actor.emailVerified ? await listPendingForEmail(deps.db, email.email.normalized) : [];
      const inviters = await describeActors(deps.db, rows.map((r) => r.invitedBy));
      const inviterOf = (ref: string | null, orgName: string) => {
        const person = inviters.get(ref ?? '');
        return inviterNameForInvitee(person?.email ? person.name : null, orgName);
      };
      const items = rows.map((r) => ({
        id: r.id, email: r.email, role: r.role, expiresAt: r.expiresAt.toISOString(),
        organization: { id: r.orgId, slug: r.orgSlug, name: r.orgName }, inviter: { name: inviterOf(r.invitedBy, r.orgName) },
      }));
      return c.json({ count: items.length, items, emailVerified: actor.emailVerified }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/me/invitations/{id}/accept', tags, security: session, summary: 'Accept one of my invitations',
      request: { params: Params },
      responses: { 200: jsonResponse(AcceptedSchema, 'Joined'), ...errorResponses, ...ended },
    }),
    async (c) => {
      const actor = requireAccount(c);
      const invitation = await mine(actor, c.req.valid('param').id);
      return c.json(presentAccepted(await acceptAsAccount(deps.db, invitation, actor), true), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/me/invitations/{id}/decline', tags, security: session, summary: 'Decline one of my invitations',
      request: { params: Params },
      responses: { 200: jsonResponse(z.object({ status: z.literal('declined') }), 'Declined'), ...errorResponses, ...ended },
    }),
    async (c) => {
      const actor = requireAccount(c);
      const invitation = await mine(actor, c.req.valid('param').id);
      await declineInvitation(deps.db, invitation, `account:${actor.accountId}`);
      return c.json({ status: 'declined' as const }, 200);
    },
  );

  return app;
}
