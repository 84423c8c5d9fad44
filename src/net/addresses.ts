import { BlockList, isIP } from 'node:net';

/**
 * Address ranges an outbound request never reaches unless the operator allows private targets:
 * "this network", loopback, RFC 1918, CGNAT, link-local (cloud metadata at 169.254.169.254),
 * IETF and documentation blocks, benchmarking, multicast and reserved; for IPv6 the unspecified
 * and loopback addresses, IPv4-mapped, -compatible and -translated forms (they reach IPv4 hosts),
 * local-use NAT64, discard, Teredo and 6to4 (tunnels to an IPv4 host the address embeds),
 * documentation, unique-local, link-local, site-local and multicast. The well-known NAT64 prefix
 * is refused when the IPv4 address it embeds is (see NAT64_RANGES).
 */
const NON_PUBLIC: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 96, 'ipv6'],
  ['::ffff:0:0', 96, 'ipv6'],
  ['::ffff:0:0:0', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/**
 * `64:ff9b::/96` (RFC 6052) is how a DNS64 resolver on an IPv6-only network names IPv4 hosts, so it
 * stays usable for public ones; an address there is as public as the IPv4 address in its last 32 bits.
 */
const NAT64_RANGES = NON_PUBLIC.filter(([, , family]) => family === 'ipv4').map(([prefix, bits]) => [`64:ff9b::${prefix}`, 96 + bits, 'ipv6'] as const);

/** One list per family: a BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules. */
const blocked = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [prefix, bits, family] of [...NON_PUBLIC, ...NAT64_RANGES]) blocked[family].addSubnet(prefix, bits, family);

/** Whether an IP address (v4 or v6, without brackets) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  if (version === 6 && address.includes('%')) return false;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return !blocked[family].check(address, family);
}

/** Loopback addresses: 127.0.0.0/8, ::1, and IPv4's loopback mapped into IPv6 (in any spelling). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** Whether a host name or IP address (without brackets) names this machine: `localhost` or a loopback address. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost') return true;
  const version = isIP(name);
  return version !== 0 && LOOPBACK.check(name, version === 4 ? 'ipv4' : 'ipv6');
}

/** Whether a client address is this machine (in-process calls with no socket count as local). */
export function isLoopback(address: string): boolean {
  return address === 'unknown' || isLoopbackHost(address);
}
