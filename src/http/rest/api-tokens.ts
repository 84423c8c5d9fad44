import { createRoute, z } from '@hono/zod-openapi';
import { getOrgAccess } from '../../domain/organizations/organization.ts';
import { createApiToken } from '../../domain/tokens/create-token.ts';
import { listApiTokens, revokeApiToken } from '../../domain/tokens/manage-tokens.ts';
import { requireActor } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgParam } from '../schemas.ts';
import { ApiToken, OrgResourceParams, presentToken, TokenScope } from './present-directory.ts';

const CreateTokenBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    scope: TokenScope.openapi({ description: 'admin: acts as an admin; read: acts as a member; scim: SCIM provisioning only' }),
  })
  .openapi('CreateApiToken');

const CreatedToken = ApiToken.extend({
  token: z.string().openapi({ description: 'The secret: shown this once, stored only as a hash' }),
  scimBaseUrl: z.string().optional().openapi({ description: 'For a scim token: the SCIM 2.0 base URL identity providers send it to ({PUBLIC_URL}/scim/v2)' }),
}).openapi('CreatedApiToken');
const tags = ['API tokens'];

/** Organization API tokens (admins only): list, create (the secret shown once), revoke. */
export function apiTokenRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get', path: '/orgs/{org}/api-tokens', tags, security: bearerSecurity, summary: 'API tokens, newest first, never their secrets (admins)',
      request: { params: OrgParam },
      responses: { 200: jsonResponse(z.object({ items: z.array(ApiToken) }), 'The tokens, revoked ones included'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      return c.json({ items: (await listApiTokens(deps.db, access)).map(presentToken) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/orgs/{org}/api-tokens', tags, security: bearerSecurity, summary: 'Create an API token; the secret is in this response only (admins)',
      request: { params: OrgParam, body: jsonBody(CreateTokenBody) },
      responses: { 201: jsonResponse(CreatedToken, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { access } = await getOrgAccess(deps.db, c.req.valid('param').org, requireActor(c));
      const created = await createApiToken(deps.db, access, c.req.valid('json'));
      const scim = created.scope === 'scim' ? { scimBaseUrl: `${deps.config.publicUrl}/scim/v2` } : {};
      return c.json({ ...presentToken(created), token: created.token, ...scim }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/orgs/{org}/api-tokens/{id}', tags, security: bearerSecurity, summary: 'Revoke an API token: it answers 401 from now on (admins)',
      request: { params: OrgResourceParams },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      const { org, id } = c.req.valid('param');
      const { access } = await getOrgAccess(deps.db, org, requireActor(c));
      await revokeApiToken(deps.db, access, id);
      return c.body(null, 204);
    },
  );

  return app;
}
