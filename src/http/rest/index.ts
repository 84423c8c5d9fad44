import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { invitationRoutes } from './invitations.ts';
import { invitePublicRoutes } from './invite-public.ts';
import { meInvitationRoutes } from './me-invitations.ts';
import { meRoutes } from './me.ts';
import { orgRoutes } from './orgs.ts';

/** Every REST route under /api/v1. */
export function restRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route('/', meRoutes(deps));
  app.route('/', orgRoutes(deps));
  app.route('/', invitationRoutes(deps));
  app.route('/', invitePublicRoutes(deps));
  app.route('/', meInvitationRoutes(deps));
  return app;
}
