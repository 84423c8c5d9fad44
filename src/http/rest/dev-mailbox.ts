import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin } from '../../domain/organizations/access.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { listMailbox } from '../../storage/dev-mailbox.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { DomainError } from '../../domain/errors.ts';
import { clientIp } from '../rate-limit.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../schemas.ts';

const Message = z
  .object({
    id: z.string(),
    messageId: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string().openapi({ description: 'The plain-text part, invite link included' }),
    html: z.string(),
    createdAt: z.string(),
  })
  .openapi('MailboxMessage');

/** In-process calls (tests) have no socket and count as local. */
function isLoopback(ip: string): boolean {
  return ip === 'unknown' || ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/**
 * The development mailbox: with no SMTP server configured, admins read here the emails of their
 * organization, invite links included, so the product can be tried without a mail server. Whoever
 * reads a link can accept for its addressee, so it answers only on the machine itself (loopback).
 */
export function devMailboxRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/dev/mailbox', tags: ['Development'], security: bearerSecurity,
      summary: 'Emails of one organization, newest first (admins; only while no SMTP server is configured)',
      request: {
        query: z.object({
          org: z.string().min(1).max(100).optional().openapi({ description: "Slug or id; an API token's own organization when omitted" }),
          to: z.string().max(254).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(Message) }), 'Messages'), ...errorResponses },
    }),
    async (c) => {
      if (deps.config.smtpUrl) throw new DomainError('forbidden', 'The development mailbox is off: email goes to the SMTP server (SMTP_URL).');
      if (!isLoopback(clientIp(c, false))) throw new DomainError('forbidden', 'The development mailbox answers only on this machine (loopback).');
      const actor = requireActor(c);
      const { org, to, limit } = c.req.valid('query');
      const ref = org ?? (actor.kind === 'token' ? actor.orgId : undefined);
      if (!ref) throw new DomainError('validation_failed', 'query.org: name the organization (slug or id).');
      const { access } = await getOrgAccess(deps.db, ref, actor);
      requireAdmin(access);
      const rows = await listMailbox(deps.db, access.orgId, { to, limit });
      return c.json({ items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) }, 200);
    },
  );
  return app;
}
