import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { authenticateApiToken } from '../../domain/tokens/authenticate-token.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppDeps, AppEnv } from '../env.ts';
import { sessionReader } from './session.ts';

/** The CSRF token of a session: an HMAC of its id, so nothing needs storing. */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is calling: an API token (Authorization: Bearer) or a console session cookie.
 * Cookie-authenticated writes must carry the session's X-CSRF-Token. Anonymous calls pass through
 * with no actor; routes that need one ask for it.
 */
export function principal(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const readSession = sessionReader(deps);
  return async (c, next) => {
    c.set('actor', undefined);
    c.set('sessionId', undefined);
    const authorization = c.req.header('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new DomainError('unauthenticated', 'The Authorization header must be "Bearer <api token>".');
      const actor = await authenticateApiToken(deps.db, match[1]!);
      if (!actor) throw new DomainError('unauthenticated', 'The API token is unknown or revoked.');
      c.set('actor', actor);
      return next();
    }
    if (!c.req.header('cookie')) return next();
    const session = await readSession(c);
    if (!session) return next();
    if (!SAFE.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!sameToken(sent, csrfTokenFor(deps.secret, session.sessionId))) {
        throw new DomainError('csrf_failed', 'Send the X-CSRF-Token header given by GET /api/v1/me.');
      }
    }
    c.set('sessionId', session.sessionId);
    c.set('actor', session.account);
    return next();
  };
}

/** The calling actor, or 401. */
export function requireActor(c: { get(key: 'actor'): AppEnv['Variables']['actor'] }) {
  const actor = c.get('actor');
  if (!actor) throw new DomainError('unauthenticated');
  return actor;
}

/** The calling person (session or, never, a token), or 401. */
export function requireAccount(c: { get(key: 'actor'): AppEnv['Variables']['actor'] }) {
  const actor = requireActor(c);
  if (actor.kind !== 'account') throw new DomainError('forbidden', 'This endpoint is for signed-in people, not API tokens.');
  return actor;
}
