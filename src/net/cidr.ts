import { BlockList, isIP } from 'node:net';

/** A single address or a CIDR range; a single address is a range of 32 (IPv4) or 128 (IPv6) bits. */
export interface AddressRange {
  address: string;
  bits: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses `10.0.0.1`, `10.0.0.0/8`, `::1` or `2001:db8::/32`; undefined when the entry is none of these. */
export function parseAddressOrRange(entry: string): AddressRange | undefined {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max)) return undefined;
  return { address, bits: prefix === undefined ? max : Number(prefix), family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A list that matches every address of the given entries; entries parseAddressOrRange refuses match nothing. */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseAddressOrRange(entry);
    if (range) list.addSubnet(range.address, range.bits, range.family);
  }
  return list;
}
