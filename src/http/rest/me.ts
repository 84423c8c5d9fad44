import { createRoute, z } from '@hono/zod-openapi';
import { listMyOrganizations } from '../../domain/me/my-organizations.ts';
import { mayCreateOrganizations } from '../../domain/organizations/create-organization.ts';
import { csrfTokenFor, requireAccount } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { errorResponses, jsonResponse } from '../schemas.ts';

const Me = z
  .object({
    account: z.object({ id: z.string(), email: z.string(), name: z.string(), emailVerified: z.boolean() }),
    csrfToken: z.string().openapi({ description: 'Send as X-CSRF-Token on every cookie-authenticated write' }),
    organizations: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.enum(['admin', 'member', 'guest']) })),
    canCreateOrganizations: z.boolean().openapi({ description: 'Whether POST /orgs would let this account create one (ORG_CREATION)' }),
  })
  .openapi('Me');

const Instance = z
  .object({
    allowSignUp: z.boolean().openapi({ description: 'Whether anyone may create an account by signing up (ALLOW_SIGN_UP)' }),
    devMailbox: z.boolean().openapi({ description: 'Email is kept in the development mailbox instead of being sent' }),
  })
  .openapi('Instance');

export function meRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/me', tags: ['Me'], summary: 'The signed-in account, its CSRF token and its organizations', security: [{ session: [] }],
      responses: { 200: jsonResponse(Me, 'The signed-in account'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireAccount(c);
      const [organizations, canCreateOrganizations] = await Promise.all([
        listMyOrganizations(deps.db, actor),
        mayCreateOrganizations(deps.db, actor, deps.config),
      ]);
      return c.json(
        {
          account: { id: actor.accountId, email: actor.email, name: actor.name, emailVerified: actor.emailVerified },
          csrfToken: csrfTokenFor(deps.secret, c.get('sessionId') ?? ''),
          organizations,
          canCreateOrganizations,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/instance', tags: ['Me'], summary: 'What this instance offers to people who are not signed in', security: [],
      responses: { 200: jsonResponse(Instance, 'The instance switches the sign-in pages need') },
    }),
    (c) => c.json({ allowSignUp: deps.config.allowSignUp, devMailbox: deps.config.devMailbox }, 200),
  );
  return app;
}
