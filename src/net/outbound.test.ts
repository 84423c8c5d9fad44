import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { isPublicAddress } from './addresses.ts';
import { checkOutboundTarget, type Resolve } from './outbound.ts';
import { postJson } from './post.ts';

const fixed = (...addresses: string[]): Resolve => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const defaults = { allowHosts: [], allowPrivate: false };

describe('isPublicAddress', () => {
  test.each([
    '127.0.0.1', '127.9.9.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '198.18.0.1', '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe', '::ffff:10.0.0.1', '::127.0.0.1', 'fe80::1%eth0', 'not an address',
  ])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));
  test.each([
    '64:ff9b::a9fe:a9fe', '64:ff9b::169.254.169.254', '64:ff9b::7f00:1', '64:ff9b::10.0.0.1', '64:ff9b::c0a8:101', '64:ff9b::',
    '2002:a9fe:a9fe::1', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::1', '::ffff:0:a9fe:a9fe',
  ])('%s (an IPv4 address embedded in IPv6 by NAT64, 6to4, Teredo or SIIT) is not public', (address) => expect(isPublicAddress(address)).toBe(false));
  test.each(['8.8.8.8', '1.1.1.1', '52.84.10.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450::1', '64:ff9b::808:808', '64:ff9b::52.84.10.1', '2001:4860::8888'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('checkOutboundTarget', () => {
  test('https to the Slack host on a public address is allowed and pinned to that address', async () => {
    const target = await checkOutboundTarget('https://hooks.slack.com/services/T/B/x', defaults, fixed('52.84.10.1'));
    expect(target).toMatchObject({ ok: true, address: { address: '52.84.10.1', family: 4 } });
  });

  test('a name with any non-public address among its answers is refused', async () => {
    const target = await checkOutboundTarget('https://hooks.slack.com/services/T/B/x', defaults, fixed('52.84.10.1', '169.254.169.254'));
    expect(target).toMatchObject({ ok: false, temporary: false });
  });

  test('the operator can allow hosts (any port or one port) and private addresses', async () => {
    const policy = { allowHosts: ['relay.internal', 'hooks.test:8080'], allowPrivate: true };
    expect((await checkOutboundTarget('http://relay.internal:9000/x', policy, fixed('10.0.0.7'))).ok).toBe(true);
    expect((await checkOutboundTarget('http://hooks.test:8080/x', policy, fixed('10.0.0.7'))).ok).toBe(true);
    expect((await checkOutboundTarget('http://hooks.test:8081/x', policy, fixed('10.0.0.7'))).ok).toBe(false);
    expect((await checkOutboundTarget('http://relay.internal/x', { ...policy, allowPrivate: false }, fixed('10.0.0.7'))).ok).toBe(false);
  });

  test('credentials, other schemes and names that do not resolve are refused', async () => {
    expect((await checkOutboundTarget('https://u:p@hooks.slack.com/x', defaults, fixed('52.84.10.1'))).ok).toBe(false);
    expect((await checkOutboundTarget('ftp://hooks.slack.com/x', defaults, fixed('52.84.10.1'))).ok).toBe(false);
    const missing = await checkOutboundTarget('https://hooks.slack.com/x', defaults, async () => { throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' }); });
    expect(missing).toMatchObject({ ok: false, temporary: true });
  });
});

test('postJson connects to the checked address, not to a fresh DNS answer, and never reads the body', async () => {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(503, 'Custom Words From The Peer');
    res.end('body that must not be read');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const port = (server.address() as AddressInfo).port;
    const answer = await postJson(new URL(`http://rebind.invalid:${port}/hook`), { address: '127.0.0.1', family: 4 }, { text: 'hi' }, 5000);
    expect(answer).toEqual({ status: 503, statusLine: '503 Service Unavailable', retryAfter: undefined });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
