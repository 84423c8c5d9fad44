import { Hono } from 'hono';
import type { AppDeps } from './env.ts';

/**
 * POST /graphql (and GET for queries). The GraphQL stack (graphql, Yoga, Pothos, the armor) takes
 * most of a second to load, so it is loaded on the first GraphQL request, not at start
 * (`npm start` must be ready within 3 s).
 */
export function graphqlRoutes(deps: AppDeps): Hono {
  let server: Promise<{ fetch: (request: Request) => Response | Promise<Response> }> | undefined;
  const app = new Hono();
  app.on(['GET', 'POST'], '/graphql', async (c) => {
    server ??= import('./graphql-server.ts').then((m) => m.createGraphqlServer(deps));
    return (await server).fetch(c.req.raw);
  });
  return app;
}
