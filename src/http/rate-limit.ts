import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { problemResponse } from './problem.ts';

/** The client's address: the socket's, or the first X-Forwarded-For hop when behind a trusted proxy. */
export function clientIp(c: Parameters<MiddlewareHandler>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A fixed-window limit per client address and bucket, kept in this process. Public endpoints use
 * it; behind several web processes each enforces its own share.
 */
export function rateLimit(options: { bucket: string; perMinute: number; trustProxy: boolean }): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const now = Date.now();
    const key = `${options.bucket}:${clientIp(c, options.trustProxy)}`;
    let w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (windows.size > 50_000) {
        for (const [k, old] of windows) if (now - old.start >= 60_000) windows.delete(k);
      }
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    if (w.count > options.perMinute) {
      const retryAfter = Math.ceil((w.start + 60_000 - now) / 1000);
      c.header('retry-after', String(retryAfter));
      return problemResponse(c, 429, 'rate_limited', `Too many requests; retry in ${retryAfter} s.`);
    }
    await next();
  };
}
