import { describe, expect, test } from 'vitest';
import { isLoopback, isLoopbackHost } from './addresses.ts';

// One notion of "this machine" for hosts and client addresses: the SMTP sign-in rule (credentials
// unencrypted only to a loopback server), the development mailbox and the start-up mail notice.
describe('loopback', () => {
  test('localhost and loopback addresses in any spelling; nothing else', () => {
    for (const host of ['localhost', 'LOCALHOST.', '127.0.0.1', '127.0.0.53', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['127.example.test', 'localhost.example.test', '10.0.0.1', '::ffff:a00:1', '2001:db8::1', 'unknown', '127.1', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  test('a client with no socket (in-process) counts as local', () => {
    expect(isLoopback('unknown')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('192.0.2.1')).toBe(false);
  });
});
