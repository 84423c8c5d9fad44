import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { meRoutes } from './me.ts';
import { orgRoutes } from './orgs.ts';

/** Every REST route under /api/v1. */
export function restRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route('/', meRoutes(deps));
  app.route('/', orgRoutes(deps));
  return app;
}
