import { createRoute, z } from '@hono/zod-openapi';
import { addMember } from '../../domain/members/add-member.ts';
import { getMember, listMembers } from '../../domain/members/list-members.ts';
import { removeMember } from '../../domain/members/remove-member.ts';
import { updateMember } from '../../domain/members/update-member.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { AppGrant, bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgParam, PageQuery, Role } from '../schemas.ts';
import { Member, MEMBER_BADGES, MemberStatus, OrgResourceParams, pageOf, presentMember } from './present-directory.ts';

const TeamIds = z.array(z.string().uuid()).max(500);

const MemberStatusFilter = z
  .enum([...MemberStatus.options, ...MEMBER_BADGES])
  .openapi('MemberStatusFilter', { description: 'A member status, or the badge of pending members (from their latest invitation)' });

const MemberQuery = z.object({
  status: MemberStatusFilter.optional(),
  role: Role.optional(),
  q: z.string().trim().max(254).optional().openapi({ description: 'A prefix of the email address or of the name, case-insensitive' }),
  ...PageQuery,
});

const AddMemberBody = z
  .strictObject({
    email: z.string().min(1).max(1000),
    name: z.string().trim().min(1).max(200).optional(),
    role: Role,
    apps: z.array(AppGrant).max(500).optional().openapi({ description: 'App access, for guests' }),
    teams: TeamIds.optional(),
    sendInvite: z.boolean().default(false).openapi({ description: 'true: also send the invitation ("Create & send")' }),
  })
  .openapi('AddMemberRequest');

const MemberPatchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    role: Role.optional(),
    teams: TeamIds.optional().openapi({ description: "Replaces the member's teams" }),
    apps: z.array(AppGrant).max(500).optional().openapi({ description: "Replaces a guest's app access" }),
    status: z.enum(['active', 'deactivated']).optional().openapi({ description: 'Deactivate, or reactivate a member who joined before' }),
  })
  .openapi('MemberPatch');

const AddedMember = Member.extend({
  notice: z.object({ code: z.string(), message: z.string() }).optional().openapi({ description: 'What was asked but did not happen (e.g. notifications_disabled)' }),
}).openapi('AddedMember');

const MemberPage = z.object({ items: z.array(Member), nextCursor: z.string().nullable() }).openapi('MemberPage');
const tags = ['Members'];

/** The Users list and member management (PRODUCT §3). */
export function memberRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/members', tags, security: bearerSecurity, summary: 'The Users list, by email, keyset-paginated; filters by status or badge, role, and name or email prefix (members and admins)',
      request: { params: OrgParam, query: MemberQuery },
      responses: { 200: jsonResponse(MemberPage, 'A page of members'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const { cursor, ...query } = c.req.valid('query');
      const page = await listMembers(deps.db, access, { ...query, after: decodeCursor(cursor, 1)?.[0] });
      return c.json(pageOf(page.items.map(presentMember), page.next && encodeCursor([page.next])), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/members/{id}', tags, security: bearerSecurity, summary: 'One member (members and admins)',
      request: { params: OrgResourceParams },
      responses: { 200: jsonResponse(Member, 'The member'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      return c.json(presentMember(await getMember(deps.db, access, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/members', tags, security: bearerSecurity, summary: 'Add one person, without inviting unless sendInvite (admins)',
      request: { params: OrgParam, body: jsonBody(AddMemberBody) },
      responses: { 201: jsonResponse(AddedMember, 'The new pending member'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const source = c.get('sessionId') ? 'console' : 'api';
      const added = await addMember(deps.db, access, { ...c.req.valid('json'), source }, deps.config.publicUrl, deps.config.invitationsPerDayPerOrg);
      return c.json({ ...presentMember(added.member), ...(added.notice ? { notice: added.notice } : {}) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/orgs/{org}/members/{id}', tags, security: bearerSecurity, summary: 'Change name, role, teams, app access or status (admins)',
      request: { params: OrgResourceParams, body: jsonBody(MemberPatchBody) },
      responses: { 200: jsonResponse(Member, 'The member after the change'), ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      return c.json(presentMember(await updateMember(deps.db, access, id, c.req.valid('json'))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/orgs/{org}/members/{id}', tags, security: bearerSecurity, summary: 'Remove a member and end their pending invitations (admins)',
      request: { params: OrgResourceParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      await removeMember(deps.db, access, id);
      return c.body(null, 204);
    },
  );

  return app;
}
