import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createGraphQLError, createYoga } from 'graphql-yoga';
import { getOrgAccess } from '../domain/organizations/organization.ts';
import { authenticateApiToken } from '../domain/tokens/authenticate-token.ts';
import type { GraphqlContext } from '../graphql/builder.ts';
import { schema } from '../graphql/schema.ts';
import type { AppDeps } from './env.ts';

function unauthenticated(message: string) {
  return createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * The GraphQL server: OpsLevel's shapes for users, authenticated by an organization API token
 * (`Authorization: Bearer <token>`); the organization comes from the token. Headers OpsLevel's
 * clients add (GraphQL-Visibility, their User-Agent) are ignored. Depth, alias, token and cost
 * limits refuse abusive documents before they run; errors never carry stack traces.
 */
export function createGraphqlServer(deps: AppDeps) {
  return createYoga<Record<string, unknown>, GraphqlContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: false,
    maskedErrors: true,
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 10 },
        maxAliases: { n: 30 },
        maxTokens: { n: 5000 },
        maxDirectives: { n: 20 },
        costLimit: { maxCost: 20000 },
      }),
    ],
    context: async ({ request }): Promise<GraphqlContext> => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
      if (!match) throw unauthenticated('Send an organization API token: Authorization: Bearer <token>.');
      const actor = await authenticateApiToken(deps.db, match[1]!);
      if (!actor) throw unauthenticated('The API token is unknown or revoked.');
      if (actor.scope === 'scim') throw unauthenticated('A SCIM token can only be used for SCIM.');
      const { org, access } = await getOrgAccess(deps.db, actor.orgId, actor);
      return { db: deps.db, config: deps.config, org, access };
    },
  });
}
