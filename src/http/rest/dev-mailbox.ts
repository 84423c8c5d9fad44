import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readAccountMailbox, readOrganizationMailbox, type MailboxMessage } from '../../domain/notifications/dev-mailbox.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { DomainError } from '../../domain/errors.ts';
import { clientIp } from '../rate-limit.ts';
import { isLoopback } from '../../net/addresses.ts';
import { bearerSecurity, errorResponses, jsonResponse, PageQuery } from '../schemas.ts';
import { isoTime } from '../../text/iso-time.ts';

const Message = z
  .object({
    id: z.string(),
    messageId: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string().openapi({ description: 'The plain-text part, links included' }),
    html: z.string(),
    createdAt: z.string(),
  })
  .openapi('MailboxMessage');

const Mailbox = z.object({ items: z.array(Message) });
const limit = PageQuery.limit;

/**
 * The mailbox answers only when the operator turned it on (DEV_MAILBOX). Answering only on the
 * machine itself is defence in depth, not the protection: behind a same-host proxy every request
 * looks local, so who may read what is decided by the use cases.
 */
function assertOpen(deps: AppDeps, c: Context): void {
  if (!deps.config.devMailbox) throw new DomainError('forbidden', 'The development mailbox is off; the operator turns it on with DEV_MAILBOX=true (and no SMTP_URL).');
  // Both the socket's peer and, behind a trusted proxy, the client it forwards must be this machine.
  if (!isLoopback(clientIp(c, false)) || !isLoopback(clientIp(c, deps.config.trustProxy))) {
    throw new DomainError('forbidden', 'The development mailbox answers only on this machine (loopback).');
  }
}

function present(rows: MailboxMessage[]) {
  return { items: rows.map((r) => ({ ...r, createdAt: isoTime(r.createdAt) })) };
}

/**
 * The development mailbox (on when DEV_MAILBOX is): instead of sending, the worker keeps each email
 * for its readers. An organization's admins read its mail; a signed-in account reads its own
 * account emails (verification, password reset), and nobody else's.
 */
export function devMailboxRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/dev/mailbox', tags: ['Development'], security: bearerSecurity,
      summary: "One organization's emails, newest first (admins; only while DEV_MAILBOX is on)",
      request: {
        query: z.object({
          org: z.string().min(1).max(100).optional().openapi({ description: "Slug or id; an API token's own organization when omitted" }),
          to: z.string().max(254).optional(),
          limit,
        }),
      },
      responses: { 200: jsonResponse(Mailbox, 'Messages'), ...errorResponses },
    }),
    async (c) => {
      assertOpen(deps, c);
      const actor = requireActor(c);
      const { org, to, limit } = c.req.valid('query');
      const ref = org ?? (actor.kind === 'token' ? actor.orgId : undefined);
      if (!ref) throw new DomainError('validation_failed', 'query.org: name the organization (slug or id); your own account emails are at /api/v1/me/mailbox.');
      const { access } = await getOrgAccess(deps.db, ref, actor);
      return c.json(present(await readOrganizationMailbox(deps.db, access, { to, limit })), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/me/mailbox', tags: ['Development'], security: [{ session: [] }],
      summary: "The signed-in account's own account emails (verification, password reset), newest first (only while DEV_MAILBOX is on)",
      request: { query: z.object({ limit }) },
      responses: { 200: jsonResponse(Mailbox, 'Messages'), ...errorResponses },
    }),
    async (c) => {
      assertOpen(deps, c);
      return c.json(present(await readAccountMailbox(deps.db, requireActor(c), c.req.valid('query').limit)), 200);
    },
  );
  return app;
}
