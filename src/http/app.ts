import { secureHeaders } from 'hono/secure-headers';
import { identityInput } from './auth/auth-input.ts';
import { CLIENT_IP_HEADER } from './auth/better-auth.ts';
import { boundedBody } from './body-limit.ts';
import { principal } from './auth/principal.ts';
import { clientIp } from './rate-limit.ts';
import { docsRoutes } from './docs.ts';
import type { AppDeps } from './env.ts';
import { graphqlRoutes } from './graphql.ts';
import { internalCliRoutes } from './internal-cli.ts';
import { isJsonType, notJson } from './media-type.ts';
import { consoleRoutes } from './console.ts';
import { createRouter } from './openapi.ts';
import { errorResponse, problemResponse } from './problem.ts';
import { restRoutes } from './rest/index.ts';
import { scimRoutes } from './scim/routes.ts';
import { pingDatabase } from '../storage/db.ts';
import { AggregatorRegistry } from 'prom-client';
import { metricsRegistry } from '../worker/metrics.ts';

/** The whole web app: health, identity (Better Auth), REST under /api/v1, OpenAPI and its reference. */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.use('*', secureHeaders({ referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin' }));
  if (deps.logger.isLevelEnabled('debug')) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      deps.logger.debug({ method: c.req.method, path: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    });
  }
  app.onError((err, c) => errorResponse(c, err, (e) => deps.logger.error({ err: e, path: c.req.routePath }, 'unhandled error')));
  app.notFound((c) => problemResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', async (c) => {
    // Delivery on a thread of its own counts there: its figures are added to this thread's.
    const registry = deps.deliveryMetrics ? AggregatorRegistry.aggregate([await metricsRegistry.getMetricsAsJSON(), await deps.deliveryMetrics()]) : metricsRegistry;
    return c.body(await registry.metrics(), 200, { 'content-type': metricsRegistry.contentType });
  });
  app.get('/readyz', async (c) => {
    try {
      await pingDatabase(deps.db);
    } catch (err) {
      deps.logger.warn({ err }, 'not ready: the database does not answer');
      return problemResponse(c, 503, 'not_ready', 'The database does not answer.');
    }
    return c.json({ status: 'ready' });
  });

  // One bound a request (its body is read once): 64 KiB for identity and internal calls, 2 MiB elsewhere.
  // The REST, SCIM and internal routes read bodies through Hono's request (json(), text()), which
  // may then be filled straight from the connection; the identity and GraphQL handlers take the
  // Request itself.
  const readThroughHono = /^\/(api\/v1|internal|scim\/v2)\//;
  const small = boundedBody({ maxBytes: 64 * 1024, message: 'The request body is over 64 KiB.', readThroughHono });
  const large = boundedBody({ maxBytes: 2 * 1024 * 1024, message: 'The request body is over 2 MiB.', readThroughHono });
  app.use('*', (c, next) => (/^\/(api\/auth|internal)\//.test(c.req.path) ? small : large)(c, next));
  app.use('/api/auth/*', identityInput(deps.config.publicUrl));
  app.on(['GET', 'POST'], '/api/auth/*', (c) => {
    // The identity library rate-limits by client address; give it ours, not a client-chosen header.
    const headers = new Headers(c.req.raw.headers);
    headers.set(CLIENT_IP_HEADER, clientIp(c, deps.config.trustProxy));
    return deps.auth.handler(new Request(c.req.raw, { headers }));
  });

  app.use('/api/v1/*', async (c, next) => {
    const hasBody = c.req.header('content-length') ? c.req.header('content-length') !== '0' : c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !['GET', 'HEAD'].includes(c.req.method) && !isJsonType(c.req.header('content-type'))) return notJson(c);
    await next();
  });
  app.use('/api/v1/*', principal(deps));
  app.route('/api/v1', restRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An organization API token' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token', description: 'Console session; writes also need X-CSRF-Token' });
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Guestlist API', version: '1', description: 'Organization invitations: invite, notify, accept, decline, revoke, expire. Errors are RFC 9457 problem+json with a stable `code`.' },
    servers: [{ url: deps.config.publicUrl }],
  });
  app.route('/api/v1/docs', docsRoutes());
  app.route('/', graphqlRoutes(deps));
  app.route('/', scimRoutes(deps));
  app.route('/', internalCliRoutes(deps));
  app.route('/', consoleRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
