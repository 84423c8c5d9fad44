import { createRoute, z } from '@hono/zod-openapi';
import type { Accepted } from '../../domain/invitations/accept.ts';
import { acceptThroughLink } from '../../domain/invitations/accept-link.ts';
import { declineThroughLink } from '../../domain/invitations/decline.ts';
import { previewInvitation } from '../../domain/invitations/preview.ts';
import { openSession } from '../auth/session.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { clientIp, rateLimit } from '../rate-limit.ts';
import { errorResponses, jsonBody, jsonResponse, ProblemSchema } from '../schemas.ts';
import { isoTime } from '../../text/iso-time.ts';

const Token = z.string().min(1).max(200).openapi({ description: 'The secret from the invite link; sent in the body, never in a URL' });
const TokenBody = z.strictObject({ token: Token }).openapi('InvitationTokenRequest');
const AcceptBody = z
  .strictObject({ token: Token, name: z.string().trim().min(1).max(200).optional(), password: z.string().min(1).max(1000).optional() })
  .openapi('AcceptInvitationRequest', { description: 'Signed in as the invited address: just the token. A new person: token, name and password.' });

const Preview = z
  .object({
    invitationId: z.string(),
    email: z.string(),
    role: z.enum(['admin', 'member', 'guest']),
    expiresAt: z.string(),
    organization: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    inviter: z.object({ name: z.string() }),
    accountExists: z.boolean(),
  })
  .openapi('InvitationPreview');

export const AcceptedSchema = z
  .object({ organization: z.object({ id: z.string(), slug: z.string() }), memberId: z.string(), accountId: z.string(), signedIn: z.boolean() })
  .openapi('AcceptedInvitation');

const ended = { 410: { description: 'The invitation has ended (expired, revoked, accepted or declined), or this link was replaced by a newer one', content: { 'application/problem+json': { schema: ProblemSchema } } } };
const tags = ['Invitee'];

export function presentAccepted(a: Accepted, signedIn: boolean) {
  return { organization: { id: a.orgId, slug: a.orgSlug }, memberId: a.memberId, accountId: a.accountId, signedIn };
}

/** The invitee's public endpoints (R7–R11), rate-limited per client address. */
export function invitePublicRoutes(deps: AppDeps) {
  const app = createRouter();
  app.use('/invite/*', rateLimit({ bucket: 'invite', perMinute: deps.config.rateLimitPublicPerMinute, trustProxy: deps.config.trustProxy }));

  app.openapi(
    createRoute({
      method: 'post', path: '/invite/preview', tags, summary: 'What an invite link offers (changes nothing)',
      request: { body: jsonBody(TokenBody) },
      responses: { 200: jsonResponse(Preview, 'The invitation'), ...errorResponses, ...ended },
    }),
    async (c) => {
      const p = await previewInvitation(deps.db, c.req.valid('json').token);
      return c.json({ ...p, expiresAt: isoTime(p.expiresAt) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/invite/accept', tags, summary: 'Accept: signed in as the invited address, or as a new person with name and password',
      request: { body: jsonBody(AcceptBody) },
      responses: { 200: jsonResponse(AcceptedSchema, 'Joined; a new person is signed in (Set-Cookie)'), ...errorResponses, ...ended },
    }),
    async (c) => {
      const { token, name, password } = c.req.valid('json');
      const actor = c.get('actor');
      const accepted = await acceptThroughLink(deps.db, token, actor, { name, password });
      if (actor) return c.json(presentAccepted(accepted, true), 200);
      // The membership is committed; failing to open a session now only means signing in by hand.
      // The password was hashed once, to create the account: the session needs no second hash.
      const signedIn = await openSession(c, deps, accepted.accountId, { ipAddress: clientIp(c, deps.config.trustProxy) })
        .then(() => true)
        .catch((err: unknown) => {
          deps.logger.warn({ err, accountId: accepted.accountId }, 'accepted, but could not open a session');
          return false;
        });
      return c.json(presentAccepted(accepted, signedIn), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/invite/decline', tags, summary: 'Decline an invitation',
      request: { body: jsonBody(TokenBody) },
      responses: { 200: jsonResponse(z.object({ status: z.literal('declined') }), 'Declined'), ...errorResponses, ...ended },
    }),
    async (c) => {
      await declineThroughLink(deps.db, c.req.valid('json').token, c.get('actor'));
      return c.json({ status: 'declined' as const }, 200);
    },
  );

  return app;
}
