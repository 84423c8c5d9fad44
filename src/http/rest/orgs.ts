import { createRoute, z } from '@hono/zod-openapi';
import { createOrganizationForAccount } from '../../domain/organizations/create-organization.ts';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { updateSettings } from '../../domain/organizations/update-settings.ts';
import { outboundUrlRefusal } from '../../net/outbound.ts';
import { requireAccount, requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgParam } from '../schemas.ts';
import { presentOrganization } from './present.ts';

const Organization = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'member', 'guest']),
    settings: z.object({
      notificationsEnabled: z.boolean(),
      invitationRequestsEnabled: z.boolean(),
      invitationRequestDomains: z.array(z.string()).openapi({ description: 'Domains invitation requests may come from; empty: any' }),
      invitationTtlDays: z.number().int(),
      slackWebhookUrl: z.string().nullable(),
    }),
    createdAt: z.string(),
  })
  .openapi('Organization');

const CreateOrg = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, 1–63 characters'),
    name: z.string().trim().min(1).max(200),
  })
  .openapi('CreateOrganization');

const SettingsPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    notificationsEnabled: z.boolean().optional(),
    invitationRequestsEnabled: z.boolean().optional(),
    invitationRequestDomains: z.array(z.string().max(253)).max(100).optional().openapi({ description: 'Only addresses at these domains may request an invitation (exact match, e.g. "example.com"); [] allows any' }),
    invitationTtlDays: z.number().int().min(1).max(30).optional(),
    slackWebhookUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  })
  .openapi('OrganizationSettingsPatch');

export function orgRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs', tags: ['Organizations'], summary: 'Create an organization; the caller becomes its admin (instance admins only, unless ORG_CREATION=anyone)', security: bearerSecurity,
      request: { body: jsonBody(CreateOrg) },
      responses: { 201: jsonResponse(Organization, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { org } = await createOrganizationForAccount(deps.db, requireAccount(c), { ...c.req.valid('json'), source: 'api' }, deps.config);
      return c.json(presentOrganization(org, 'admin'), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}', tags: ['Organizations'], summary: 'Read an organization and its settings', security: bearerSecurity,
      request: { params: OrgParam },
      responses: { 200: jsonResponse(Organization, 'The organization'), ...errorResponses },
    }),
    async (c) => {
      const { org, access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json(presentOrganization(org, access.role), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/orgs/{org}/settings', tags: ['Organizations'], summary: 'Change settings (admins)', security: bearerSecurity,
      request: { params: OrgParam, body: jsonBody(SettingsPatch) },
      responses: { 200: jsonResponse(Organization, 'The organization after the change'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const org = await updateSettings(deps.db, access, c.req.valid('json'), { refuseOutboundUrl: (url) => outboundUrlRefusal(url, deps.config.outbound) });
      return c.json(presentOrganization(org, access.role), 200);
    },
  );

  return app;
}
