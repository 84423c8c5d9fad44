import { lookup } from 'node:dns/promises';
import { isPublicAddress } from './addresses.ts';

/** The operator's widening of the outbound policy (OUTBOUND_ALLOW_HOSTS, OUTBOUND_ALLOW_PRIVATE). */
export interface OutboundPolicy {
  /** Hosts (`name` or `name:port`) that may be reached over http or https, besides the defaults. */
  allowHosts: readonly string[];
  /** Whether targets may resolve to loopback, private, link-local or other non-public addresses. */
  allowPrivate: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver, as connecting would). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundTarget = { ok: true; url: URL; address: ResolvedAddress } | { ok: false; reason: string; temporary: boolean };

/** Reached over https on the default port with no operator setting. */
const DEFAULT_HOSTS = new Set(['hooks.slack.com']);

export const systemResolve: Resolve = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

function hostAllowed(url: URL, policy: OutboundPolicy): boolean {
  const port = url.port || defaultPort(url.protocol);
  const host = url.hostname;
  if (url.protocol === 'https:' && port === '443' && DEFAULT_HOSTS.has(host)) return true;
  return policy.allowHosts.some((entry) => entry === host || entry === `${host}:${port}`);
}

/**
 * Decides whether `raw` may receive an outbound POST, and where to connect: https to the Slack
 * host by default, http(s) to the operator's allowed hosts; every address the name resolves to
 * must be public unless the operator allows private targets. The caller connects to the returned
 * address only (a DNS answer that changes between this check and the connection cannot win).
 * Refusals say why without repeating the URL (it is a credential).
 */
export async function checkOutboundTarget(raw: string, policy: OutboundPolicy, resolve: Resolve = systemResolve): Promise<OutboundTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL', temporary: false };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'only http(s) URLs are allowed', temporary: false };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed', temporary: false };
  if (!hostAllowed(url, policy)) {
    return { ok: false, reason: `only https://${[...DEFAULT_HOSTS].join(', ')} is allowed (the operator can allow more hosts with OUTBOUND_ALLOW_HOSTS)`, temporary: false };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(url.hostname.replace(/^\[|\]$/g, ''));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, reason: `the host name does not resolve (${typeof code === 'string' ? code : 'lookup failed'})`, temporary: true };
  }
  const first = addresses[0];
  if (!first) return { ok: false, reason: 'the host name does not resolve', temporary: true };
  if (!policy.allowPrivate && !addresses.every((a) => isPublicAddress(a.address))) {
    return { ok: false, reason: 'the host resolves to a loopback, private, link-local or otherwise non-public address', temporary: false };
  }
  return { ok: true, url, address: first };
}

/** Why `raw` may not receive outbound posts now, or undefined when it may. */
export async function outboundUrlRefusal(raw: string, policy: OutboundPolicy, resolve: Resolve = systemResolve): Promise<string | undefined> {
  const target = await checkOutboundTarget(raw, policy, resolve);
  return target.ok ? undefined : target.reason;
}
