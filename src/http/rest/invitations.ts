import { createRoute, z } from '@hono/zod-openapi';
import { splitAddressList } from '../../domain/email.ts';
import { checkAddresses } from '../../domain/invitations/check-addresses.ts';
import { inviteMembers } from '../../domain/invitations/invite.ts';
import { resendInvitation, revokeInvitation } from '../../domain/invitations/manage.ts';
import { getInvitation, listInvitations, type InvitationKey } from '../../domain/invitations/list-invitations.ts';
import { sendInvitations } from '../../domain/invitations/send.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { bearerSecurity, errorResponses, IdParam, jsonBody, jsonResponse, OrgParam, PageQuery } from '../schemas.ts';
import { AddressCheck, CheckBody, Invitation, InvitationStatus, InviteBody, InviteReport, ListedInvitationSchema, presentInvitation, presentListedInvitation, SendBody, SendReport } from './invitation-schemas.ts';

const InvitationParams = OrgParam.extend({ id: IdParam.openapi({ param: { name: 'id', in: 'path' } }) });
const RevokeBody = z.strictObject({ removeMember: z.boolean().default(false) }).openapi('RevokeRequest');
const tags = ['Invitations'];

/** The list's cursor: [createdAt, id], or [emailNormalized, createdAt, id] while searching. */
function encodeInvitationCursor(key: InvitationKey): string {
  return encodeCursor(key.emailNormalized === undefined ? [key.createdAt, key.id] : [key.emailNormalized, key.createdAt, key.id]);
}

function decodeInvitationCursor(cursor: string | undefined): InvitationKey | undefined {
  const key = decodeCursor(cursor, [2, 3]);
  if (!key) return undefined;
  const [createdAt, id] = key.slice(-2) as [string, string];
  return key.length === 3 ? { emailNormalized: key[0], createdAt, id } : { createdAt, id };
}

export function invitationRoutes(deps: AppDeps) {
  const app = createRouter();
  const publicUrl = deps.config.publicUrl;
  const sourceOf = (c: { get(k: 'sessionId'): string | undefined }): 'console' | 'api' => (c.get('sessionId') ? 'console' : 'api');

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitations', tags, security: bearerSecurity,
      summary: 'Invite one or many addresses (R1–R6): one outcome per distinct address',
      request: { params: OrgParam, body: jsonBody(InviteBody) },
      responses: { 200: jsonResponse(InviteReport, 'Per-address outcomes'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const body = c.req.valid('json');
      const emails = typeof body.emails === 'string' ? splitAddressList(body.emails) : body.emails;
      const report = await inviteMembers(deps.db, access, { ...body, emails, source: sourceOf(c) }, publicUrl, deps.config.invitationsPerDayPerOrg);
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitations/check', tags, security: bearerSecurity,
      summary: 'Check addresses before inviting: which the invite would refuse or already knows (writes nothing)',
      request: { params: OrgParam, body: jsonBody(CheckBody) },
      responses: { 200: jsonResponse(AddressCheck, 'The addresses that need a look, in list order'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json({ notes: await checkAddresses(deps.db, access, c.req.valid('json').emails) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitations/send', tags, security: bearerSecurity,
      summary: 'Send invitations to all pending members or to the ones named (R4)',
      request: { params: OrgParam, body: jsonBody(SendBody) },
      responses: { 200: jsonResponse(SendReport, 'The counts, with per-member outcomes (named members) or the failures (scope pending)'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const { results, counts, summarized } = await sendInvitations(deps.db, access, c.req.valid('json'), publicUrl, deps.config.invitationsPerDayPerOrg);
      return c.json({ results, counts, summarized }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/invitations', tags, security: bearerSecurity,
      summary: 'List invitations, newest first; with q, in address order',
      request: {
        params: OrgParam,
        query: z.object({
          status: InvitationStatus.optional(),
          q: z.string().trim().max(254).optional().openapi({ description: "A prefix of the invitee's email address, case-insensitive; the list is then in address order, newest first for each address" }),
          ...PageQuery,
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(ListedInvitationSchema), nextCursor: z.string().nullable() }), 'A page'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const { status, q, cursor, limit } = c.req.valid('query');
      const page = await listInvitations(deps.db, access, { status, q, after: decodeInvitationCursor(cursor), limit });
      return c.json({ items: page.items.map(presentListedInvitation), nextCursor: page.next ? encodeInvitationCursor(page.next) : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/invitations/{id}', tags, security: bearerSecurity, summary: 'Read one invitation',
      request: { params: InvitationParams },
      responses: { 200: jsonResponse(Invitation, 'The invitation'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      return c.json(presentInvitation(await getInvitation(deps.db, access, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitations/{id}/resend', tags, security: bearerSecurity,
      summary: 'Resend a pending or expired invitation with a new token and expiry',
      request: { params: InvitationParams },
      responses: { 200: jsonResponse(Invitation, 'The invitation, pending again'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      return c.json(presentInvitation(await resendInvitation(deps.db, access, id, publicUrl, deps.config.invitationsPerDayPerOrg)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/invitations/{id}/revoke', tags, security: bearerSecurity,
      summary: 'Cancel a pending or expired invitation; optionally remove the member too',
      request: { params: InvitationParams, body: { required: false, content: { 'application/json': { schema: RevokeBody } } } },
      responses: { 200: jsonResponse(Invitation, 'The revoked invitation'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      const body = (c.req.valid('json') as z.infer<typeof RevokeBody> | undefined) ?? { removeMember: false };
      return c.json(presentInvitation(await revokeInvitation(deps.db, access, id, body.removeMember)), 200);
    },
  );

  return app;
}
