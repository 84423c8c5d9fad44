import type { AppDeps } from '../env.ts';
import { createRouter } from '../openapi.ts';
import { devMailboxRoutes } from './dev-mailbox.ts';
import { invitationRoutes } from './invitations.ts';
import { invitePublicRoutes } from './invite-public.ts';
import { meInvitationRoutes } from './me-invitations.ts';
import { meRoutes } from './me.ts';
import { orgRoutes } from './orgs.ts';
import { apiTokenRoutes } from './api-tokens.ts';
import { appRoutes } from './apps.ts';
import { auditRoutes } from './audit.ts';
import { memberRoutes } from './members.ts';
import { notificationRoutes } from './notifications.ts';
import { peopleCountRoutes } from './people-counts.ts';
import { teamRoutes } from './teams.ts';
import { invitationRequestRoutes } from './invitation-requests.ts';
import { requestPublicRoutes } from './request-public.ts';
import { legacyRoutes } from './legacy.ts';

/** Every REST route under /api/v1. */
export function restRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route('/', meRoutes(deps));
  app.route('/', orgRoutes(deps));
  app.route('/', invitationRoutes(deps));
  app.route('/', invitePublicRoutes(deps));
  app.route('/', requestPublicRoutes(deps));
  app.route('/', invitationRequestRoutes(deps));
  app.route('/', legacyRoutes(deps));
  app.route('/', meInvitationRoutes(deps));
  app.route('/', devMailboxRoutes(deps));
  app.route('/', memberRoutes(deps));
  app.route('/', appRoutes(deps));
  app.route('/', teamRoutes(deps));
  app.route('/', apiTokenRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', peopleCountRoutes(deps));
  return app;
}
