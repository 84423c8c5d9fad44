import { describe, expect, test } from 'vitest';
import { addressList, parseAddressOrRange } from './cidr.ts';

describe('parseAddressOrRange', () => {
  test('addresses are ranges of one, CIDR ranges keep their prefix', () => {
    expect(parseAddressOrRange('10.0.0.1')).toEqual({ address: '10.0.0.1', bits: 32, family: 'ipv4' });
    expect(parseAddressOrRange('10.0.0.0/8')).toEqual({ address: '10.0.0.0', bits: 8, family: 'ipv4' });
    expect(parseAddressOrRange('2001:db8::/32')).toEqual({ address: '2001:db8::', bits: 32, family: 'ipv6' });
    expect(parseAddressOrRange('::1')).toEqual({ address: '::1', bits: 128, family: 'ipv6' });
  });

  test.each(['', 'proxy.internal', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', '10.0.0.0/0x8'])('%j is refused', (entry) => {
    expect(parseAddressOrRange(entry)).toBeUndefined();
  });
});

test('addressList matches the addresses of every entry and nothing else', () => {
  const list = addressList(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
  expect(list.check('10.200.3.4', 'ipv4')).toBe(true);
  expect(list.check('192.168.1.5', 'ipv4')).toBe(true);
  expect(list.check('192.168.1.6', 'ipv4')).toBe(false);
  expect(list.check('fd12::1', 'ipv6')).toBe(true);
  expect(list.check('2001:db8::1', 'ipv6')).toBe(false);
});
