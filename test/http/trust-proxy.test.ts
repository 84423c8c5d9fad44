import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, type TrustProxy } from '../../src/config.ts';
import { clientIp } from '../../src/http/rate-limit.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signUp } from '../support/client.ts';

/** What @hono/node-server hands the app: the socket the request arrived on (here: the proxy's). */
function fromPeer(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } };
}

function trust(value: string): TrustProxy {
  return loadConfig({ TRUST_PROXY: value }).trustProxy;
}

async function seenAs(trustProxy: TrustProxy, peer: string, forwardedFor?: string): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientIp(c, trustProxy)));
  const res = await app.request('/', { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }, fromPeer(peer));
  return res.text();
}

describe('the client address behind proxies (issue 6, item 3)', () => {
  test('TRUST_PROXY takes false, true, a number of hops, or trusted proxy addresses and ranges', () => {
    expect(trust('false')).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('true')).toEqual({ hops: 1 });
    expect(trust('2')).toEqual({ hops: 2 });
    expect(trust('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual({ proxies: ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8'] });
    for (const bad of ['maybe', '10.0.0.0/33', '300.1.1.1', '10.0.0.1,nginx']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  test('without a trusted proxy the socket peer is the client, whatever the header says', async () => {
    expect(await seenAs(false, '198.51.100.4', '203.0.113.7')).toBe('198.51.100.4');
    expect(await seenAs(false, '::ffff:198.51.100.4')).toBe('198.51.100.4');
  });

  test('one hop (TRUST_PROXY=true): the entry the proxy appended, not the one the client wrote', async () => {
    const proxy = trust('true');
    expect(await seenAs(proxy, '127.0.0.1', 'forged-by-client, 203.0.113.7')).toBe('203.0.113.7');
    expect(await seenAs(proxy, '127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await seenAs(proxy, '127.0.0.1')).toBe('127.0.0.1');
  });

  test('N hops: the Nth entry from the right', async () => {
    const proxies = trust('2');
    expect(await seenAs(proxies, '10.0.0.3', '1.1.1.1, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
    expect(await seenAs(proxies, '10.0.0.3', '203.0.113.7')).toBe('203.0.113.7');
  });

  test('hops: an entry that is not an IP address among those believed makes the header malformed, and the socket peer is the client', async () => {
    const one = trust('true');
    expect(await seenAs(one, '127.0.0.1', '203.0.113.7, unknown')).toBe('127.0.0.1');
    expect(await seenAs(one, '127.0.0.1', 'rotating-key-42')).toBe('127.0.0.1');
    expect(await seenAs(one, '127.0.0.1', '203.0.113.7:4711')).toBe('127.0.0.1');
    const two = trust('2');
    expect(await seenAs(two, '10.0.0.3', '203.0.113.7, not-a-proxy')).toBe('10.0.0.3');
    expect(await seenAs(two, '10.0.0.3', 'garbage')).toBe('10.0.0.3');
    expect(await seenAs(two, '10.0.0.3', 'forged, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
    expect(await seenAs(trust('10.0.0.0/8'), '10.0.0.3', 'forged')).toBe('10.0.0.3');
  });

  test('trusted proxies: walk from the right past trusted addresses; an untrusted peer is the client', async () => {
    const proxies = trust('10.0.0.0/8,127.0.0.1');
    expect(await seenAs(proxies, '127.0.0.1', '1.1.1.1, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
    expect(await seenAs(proxies, '::ffff:127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(await seenAs(proxies, '192.0.2.1', '203.0.113.9')).toBe('192.0.2.1');
    expect(await seenAs(proxies, '127.0.0.1', '10.0.0.5, 10.0.0.6')).toBe('10.0.0.5');
  });
});

describe('limits behind nginx (X-Forwarded-For: <client-supplied>, <real client>)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_PUBLIC_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function viaProxy(path: string, forwardedFor: string, body: unknown): Promise<number> {
    const res = await t.app.request(
      `http://localhost:3000${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', origin: t.config.publicUrl, 'x-forwarded-for': forwardedFor }, body: JSON.stringify(body) },
      fromPeer('127.0.0.1'),
    );
    return res.status;
  }

  test('rotating a forged leftmost entry does not escape the public rate limit', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await viaProxy('/api/v1/invite/preview', `198.18.0.${i}, 203.0.113.7`, { token: 'x'.repeat(43) }));
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(await viaProxy('/api/v1/invite/preview', '198.18.0.1, 203.0.113.8', { token: 'x'.repeat(43) })).not.toBe(429);
  });

  test("nor the identity library's sign-in limiter, which is given the same address", async () => {
    await signUp(t, 'limited@proxy.test', 'Limited');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await viaProxy('/api/auth/sign-in/email', `198.18.1.${i}, 203.0.113.20`, { email: 'limited@proxy.test', password: 'wrong password here' }));
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(await viaProxy('/api/auth/sign-in/email', '198.18.1.1, 203.0.113.21', { email: 'limited@proxy.test', password: 'wrong password here' })).toBe(401);
  });
});
