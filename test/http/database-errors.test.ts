import { expect, test } from 'vitest';
import { classifyDatabaseError } from '../../src/http/database-errors.ts';

const codeOf = (error: unknown) => classifyDatabaseError(error)?.code;

test('a lost or refused database connection is database_unavailable, with a time to come back', () => {
  for (const error of [
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' }),
    new Error('Connection terminated unexpectedly'),
    new Error('Client has encountered a connection error and is not queryable'),
    new Error('Connection terminated due to connection timeout'),
  ]) {
    expect(classifyDatabaseError(error)).toMatchObject({ status: 503, code: 'database_unavailable', retryAfter: expect.any(Number) });
  }
});

test('no free pooled connection within the wait is database_busy, with a time to come back', () => {
  expect(classifyDatabaseError(new Error('timeout exceeded when trying to connect'))).toMatchObject({ status: 503, code: 'database_busy', retryAfter: expect.any(Number) });
});

test('a bug is not a lost connection: a protocol violation, a file error, an ordinary error stay unclassified (500, logged)', () => {
  expect(codeOf(Object.assign(new Error('bind message has 70000 parameter formats'), { code: '08P01' }))).toBeUndefined();
  expect(codeOf(Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT', syscall: 'open' }))).toBeUndefined();
  expect(codeOf(new TypeError('Cannot read properties of undefined'))).toBeUndefined();
  expect(codeOf(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe('retry');
});
