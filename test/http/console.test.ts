import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

beforeAll(async () => {
  if (!existsSync(new URL('../../web/dist/index.html', import.meta.url))) throw new Error('Build the console first: npm run build:web (npm install does it).');
  t = await createTestApp();
});
afterAll(() => t.close());

// Issue 7: the console is served by the same server; a browser never sees JSON at a page address.
describe('the console is served at /', () => {
  test('/ answers the console to browsers and to clients that ask for nothing in particular', async () => {
    for (const headers of [html, {}]) {
      const res = await t.app.request('/', { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  test('every page address the emails and redirects use is a console page', async () => {
    for (const path of ['/sign-in', '/reset-password?token=x', '/email-verified', '/invite/gli_x', '/o/demo/people', '/no-such-page']) {
      const res = await t.app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('<div id="root">');
    }
  });

  test('pages are never cached, send no referrer, and allow scripts from this origin only', async () => {
    const res = await t.app.request('/invite/gli_secret', { headers: html });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  test('the built scripts and styles are served with their types and cached for good', async () => {
    const index = await (await t.app.request('/', { headers: html })).text();
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await t.app.request(asset);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type'), asset).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    expect((await t.app.request('/assets/missing.js')).status).toBe(404);
  });

  test('API clients still get problem+json for unknown addresses', async () => {
    for (const [path, headers] of [['/api/v1/nothing', html], ['/nothing', { accept: 'application/json' }]] as const) {
      const res = await t.app.request(path, { headers });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    }
  });
});
