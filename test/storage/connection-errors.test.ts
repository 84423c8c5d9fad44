import { expect, test } from 'vitest';
import { connectionDropped, connectionLost, noFreeConnection, serverWideFailure } from '../../src/storage/connection-errors.ts';

const withCode = (code: string) => Object.assign(new Error(code), { code });

test('a dropped connection: socket errors and node-postgres saying the connection is gone, not what the server answered', () => {
  for (const e of [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }), new Error('Connection terminated unexpectedly'), new Error('Client has encountered a connection error and is not queryable')]) {
    expect(connectionDropped(e)).toBe(true);
    expect(connectionLost(e)).toBe(true);
  }
  for (const e of [withCode('57P01'), withCode('55P03'), new TypeError('x is undefined'), Object.assign(new Error('ENOENT'), { code: 'ENOENT', syscall: 'open' })]) expect(connectionDropped(e)).toBe(false);
});

test('a lost connection also counts one the server ended or refused; a server-wide failure is any connection, resource or operator SQLSTATE', () => {
  expect(connectionLost(withCode('57P01'))).toBe(true);
  expect(connectionLost(withCode('53300'))).toBe(true);
  expect(connectionLost(withCode('08P01'))).toBe(false);
  expect(connectionLost(withCode('55P03'))).toBe(false);
  for (const code of ['08006', '53100', '53200', '57P01', '57P03']) expect(serverWideFailure(withCode(code))).toBe(true);
  for (const e of [withCode('55P03'), withCode('57014'), withCode('23505'), withCode('ECONNRESET'), new Error('Connection terminated')]) expect(serverWideFailure(e)).toBe(false);
});

test('a connection that could not be opened in time, or left a statement unanswered, is lost and server-wide, not dropped: another would not do better; no free connection in time is server-wide only', () => {
  const unanswered = Object.assign(new Error('The database left a statement unanswered for 2300 ms; its connection was closed.'), { code: '08006' });
  const notOpened = new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') });
  for (const e of [unanswered, notOpened]) expect([connectionLost(e), serverWideFailure(e), connectionDropped(e)]).toEqual([true, true, false]);
  const noneFree = new Error('timeout exceeded when trying to connect');
  expect([connectionLost(noneFree), serverWideFailure(noneFree), connectionDropped(noneFree), noFreeConnection(noneFree)]).toEqual([false, true, false, true]);
});
