import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Hono } from 'hono';
import type { AppDeps } from './env.ts';
import { rateLimit } from './rate-limit.ts';

const DIST = new URL('../../web/dist/', import.meta.url);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** Scripts only from here; Mantine sets styles inline (CSS variables), so styles may be inline. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Guestlist</title>
<p>The console is not built. Run <code>npm run build:web</code> (npm install does it) and restart.</p></html>`;

interface Built {
  index: string;
  assets: Map<string, { body: Buffer; type: string }>;
}

/** The built console, read once: index.html and the hashed files under assets/. */
function loadBuild(): Built | undefined {
  if (!existsSync(new URL('index.html', DIST))) return undefined;
  const assets = new Map<string, { body: Buffer; type: string }>();
  const dir = new URL('assets/', DIST);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) assets.set(name, { body: readFileSync(new URL(name, dir)), type: TYPES[extname(name)] ?? 'application/octet-stream' });
  }
  return { index: readFileSync(new URL('index.html', DIST), 'utf8'), assets };
}

/** Paths that are the server's own, never console pages. */
const SERVER_PATH = /^\/(api|internal)(\/|$)|^\/(healthz|readyz|metrics)$/;

/**
 * The web console: its static files, and index.html for every other browser page (React Router
 * draws the page). Requests that do not ask for HTML fall through to the JSON 404.
 * Invitation pages (/invite/{token}) keep what the server-rendered page guaranteed: never cached,
 * no referrer, rate-limited like the public API; the token only ever travels to the API in a body.
 */
export function consoleRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const built = loadBuild();
  app.get('/assets/:file', (c, next) => {
    const file = built?.assets.get(c.req.param('file'));
    if (!file) return next();
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });
  app.use('/invite/*', rateLimit({ bucket: 'invite-page', perMinute: deps.config.rateLimitPublicPerMinute, trustProxy: deps.config.trustProxy }));
  app.get('*', (c, next) => {
    if (SERVER_PATH.test(c.req.path) || c.req.path.startsWith('/assets/')) return next();
    if (c.req.path !== '/' && !(c.req.header('accept') ?? '').includes('text/html')) return next();
    return c.html(built?.index ?? NOT_BUILT, built ? 200 : 503, { 'cache-control': 'no-store', 'content-security-policy': CONSOLE_CSP });
  });
  return app;
}
