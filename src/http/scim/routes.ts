import { Hono } from 'hono';
import { scimAccess } from '../../domain/scim/access.ts';
import { authenticateApiToken } from '../../domain/tokens/authenticate-token.ts';
import type { AppDeps } from '../env.ts';
import { listResponse, resourceTypes, schemaDefinitions, serviceProviderConfig } from './discovery.ts';
import { ScimError, scimErrorOf, scimErrorResponse } from './errors.ts';
import { groupRoutes } from './groups.ts';
import { scimJson } from './request.ts';
import type { ScimEnv } from './scim-env.ts';
import { userRoutes } from './users.ts';

/**
 * SCIM 2.0 at /scim/v2 (RFC 7643/7644), for identity providers (Entra ID, Okta): every request
 * carries an API token of scope scim and acts in that token's organization; errors use the SCIM
 * Error schema.
 */
export function scimRoutes(deps: AppDeps): Hono {
  const base = `${deps.config.publicUrl}/scim/v2`;
  const app = new Hono<ScimEnv>().basePath('/scim/v2');
  app.onError((error, c) => scimErrorOf(c, error, (err) => deps.logger.error({ err, path: c.req.routePath }, 'unhandled SCIM error')));
  app.notFound((c) => scimErrorResponse(c, 404, `No SCIM endpoint ${c.req.method} ${c.req.path}.`));
  app.use('*', async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match) throw new ScimError(401, undefined, 'Send an API token of scope scim as "Authorization: Bearer <token>".');
    const actor = await authenticateApiToken(deps.db, match[1]!);
    if (!actor) throw new ScimError(401, undefined, 'The API token is unknown or revoked.');
    c.set('access', scimAccess(actor));
    await next();
  });

  app.get('/ServiceProviderConfig', (c) => scimJson(c, serviceProviderConfig(base)));
  app.get('/Schemas', (c) => {
    const all = schemaDefinitions(base);
    return scimJson(c, listResponse(all, all.length, 1));
  });
  app.get('/Schemas/:id', (c) => {
    const found = schemaDefinitions(base).find((s) => s.id === c.req.param('id'));
    if (!found) throw new ScimError(404, undefined, `No schema ${c.req.param('id').slice(0, 200)}.`);
    return scimJson(c, found);
  });
  app.get('/ResourceTypes', (c) => {
    const all = resourceTypes(base);
    return scimJson(c, listResponse(all, all.length, 1));
  });
  app.get('/ResourceTypes/:id', (c) => {
    const found = resourceTypes(base).find((r) => r.id === c.req.param('id'));
    if (!found) throw new ScimError(404, undefined, `No resource type ${c.req.param('id').slice(0, 200)}.`);
    return scimJson(c, found);
  });
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], ['/ServiceProviderConfig', '/Schemas', '/Schemas/*', '/ResourceTypes', '/ResourceTypes/*'], (c) =>
    scimErrorResponse(c, 405, `${c.req.method} is not allowed here: the discovery endpoints are read-only.`),
  );
  app.route('/Users', userRoutes(deps, base));
  app.route('/Groups', groupRoutes(deps, base));
  app.all('*', (c) => scimErrorResponse(c, 404, `No SCIM endpoint ${c.req.method} ${c.req.path.slice(0, 200)}.`));
  return app as unknown as Hono;
}
