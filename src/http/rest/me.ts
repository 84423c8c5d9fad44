import { createRoute, z } from '@hono/zod-openapi';
import { listMyOrganizations } from '../../domain/me/my-organizations.ts';
import { csrfTokenFor, requireAccount } from '../auth/principal.ts';
import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../schemas.ts';

const Me = z
  .object({
    account: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    csrfToken: z.string().openapi({ description: 'Send as X-CSRF-Token on every cookie-authenticated write' }),
    organizations: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.enum(['admin', 'member', 'guest']) })),
  })
  .openapi('Me');

export function meRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get', path: '/me', tags: ['Me'], summary: 'The signed-in account, its CSRF token and its organizations', security: [{ session: [] }],
      responses: { 200: jsonResponse(Me, 'The signed-in account'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireAccount(c);
      const organizations = await listMyOrganizations(deps.db, actor);
      return c.json(
        {
          account: { id: actor.accountId, email: actor.email, name: actor.name },
          csrfToken: csrfTokenFor(deps.secret, c.get('sessionId') ?? ''),
          organizations,
        },
        200,
      );
    },
  );
  return app;
}
