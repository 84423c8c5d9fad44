import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isIP, type BlockList } from 'node:net';
import type { TrustProxy } from '../config.ts';
import { addressList } from '../net/cidr.ts';
import { problemResponse } from './problem.ts';

type Context = Parameters<MiddlewareHandler>[0];

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

const trustedLists = new WeakMap<readonly string[], BlockList>();

function trustedList(proxies: readonly string[]): BlockList {
  let list = trustedLists.get(proxies);
  if (!list) {
    list = addressList(proxies);
    trustedLists.set(proxies, list);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function socketAddress(c: Context): string {
  try {
    return plainAddress(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/**
 * The client's address. Without trusted proxies it is the socket peer. Each proxy appends the
 * address it received the request from to X-Forwarded-For, so only the entries on the right,
 * written by proxies we trust, are believed; everything to their left was written by the client.
 * With `hops: N` the client is the Nth entry from the right (the leftmost when there are fewer);
 * with a list of proxies, entries are walked from the socket peer leftwards while they are
 * trusted proxies, and the first address that is not is the client. When an entry so believed
 * is not an IP address, the header is malformed and the socket peer is the client.
 */
export function clientIp(c: Context, trustProxy: TrustProxy): string {
  const peer = socketAddress(c);
  if (!trustProxy) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => plainAddress(entry.trim()))
    .filter((entry) => entry.length > 0);
  // Nearest first: the socket peer, then the entry its proxy appended last, and so on.
  const chain = [peer, ...forwarded.reverse()];
  let i = 0;
  if ('hops' in trustProxy) i = Math.min(trustProxy.hops, chain.length - 1);
  else {
    const trusted = trustedList(trustProxy.proxies);
    while (i < chain.length - 1 && isTrusted(trusted, chain[i]!)) i++;
  }
  // A believed entry that is not an address (a name, a port, "unknown") makes the header malformed.
  if (chain.slice(1, i + 1).some((entry) => isIP(entry) === 0)) return peer;
  return chain[i]!.slice(0, 64);
}

/**
 * A fixed-window limit per client address and bucket, kept in this process. Public endpoints use
 * it; behind several web processes each enforces its own share.
 */
export function rateLimit(options: { bucket: string; perMinute: number; trustProxy: TrustProxy }): MiddlewareHandler {
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
