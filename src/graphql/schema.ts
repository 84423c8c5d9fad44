import { builder } from './builder.ts';
import './account.ts';
import './user-invite.ts';
import './user-manage.ts';
import './users-invite.ts';
import './invitations.ts';

/** The GraphQL schema: OpsLevel's shapes for users (see test/graphql/opslevel-go-requests.md). */
export const schema = builder.toSchema();
