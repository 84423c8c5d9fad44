import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyDatabaseError } from '../../src/http/database-errors.ts';
import { answerDeadlineMs } from '../../src/storage/answer-deadline.ts';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSilentProxy, type SilentProxy } from '../support/tcp-proxy.ts';

/**
 * node-postgres's pool times a request waiting for a connection from when it starts waiting, and
 * goes on timing it after handing it a connection still being opened (in place of one closed
 * meanwhile). When the database is what does not answer, that wait must not end as "every
 * connection is busy".
 */
describe.skipIf(!process.env.DATABASE_URL)('a wait for a pooled connection that ends on a database not answering (PostgreSQL)', () => {
  const STATEMENT_TIMEOUT_MS = 300;
  let direct: TestDatabase;
  let proxy: SilentProxy;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    direct = await createTestDatabase();
    const url = new URL(direct.url!);
    proxy = await startSilentProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 1, statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  });
  afterAll(async () => {
    await handle?.close();
    await proxy?.close();
    await direct?.dispose();
  });

  /** Asks `select 1` (goes unanswered), then after `laterMs` `select 2` (waits for the one connection); the errors of both. */
  async function behindUnanswered(laterMs: number): Promise<[unknown, unknown]> {
    await sql`select 1`.execute(handle.db);
    proxy.silence();
    try {
      const failure = (error: unknown) => error;
      const stuck = sql`select 1`.execute(handle.db).then(() => undefined, failure);
      await new Promise((resolve) => setTimeout(resolve, laterMs));
      const waiting = sql`select 2`.execute(handle.db).then(() => undefined, failure);
      const started = performance.now();
      const errors = await Promise.all([stuck, waiting]);
      // Each waits for the deadline once: the connection of the first closed, the second's wait out.
      expect(performance.now() - started).toBeLessThan(2 * answerDeadlineMs(STATEMENT_TIMEOUT_MS)!);
      return errors;
    } finally {
      proxy.speak();
    }
  }

  test('a request that waited behind an unanswered statement, its wait running out just after that connection was closed, is told the database is unavailable', async () => {
    const [first, second] = await behindUnanswered(0);
    expect(classifyDatabaseError(first)?.code).toBe('database_unavailable');
    expect(classifyDatabaseError(second), (second as Error).message).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect((await sql<{ n: number }>`select 3 as n`.execute(handle.db)).rows).toEqual([{ n: 3 }]);
  });

  test('a request that waited behind an unanswered statement, then for the new connection opened in its place, is told the database is unavailable', async () => {
    const [first, second] = await behindUnanswered(100);
    expect(classifyDatabaseError(first)?.code).toBe('database_unavailable');
    expect(classifyDatabaseError(second), (second as Error).message).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect((await sql<{ n: number }>`select 3 as n`.execute(handle.db)).rows).toEqual([{ n: 3 }]);
  });

  test('a request whose wait runs out while the statement it waits behind is overdue, not yet closed, is told the database is unavailable', async () => {
    const waiting = await handle.db.connection().execute(async (connection) => {
      await sql`select 1`.execute(connection);
      const queued = sql`select 2`.execute(handle.db).then(() => undefined, (error: unknown) => error);
      // Asked after the second request began to wait: its deadline comes after that wait runs out.
      await new Promise((resolve) => setTimeout(resolve, 200));
      proxy.silence();
      const stuck = await sql`select 1`.execute(connection).then(() => undefined, (error: unknown) => error);
      expect(classifyDatabaseError(stuck)?.code).toBe('database_unavailable');
      return queued;
    }).finally(() => proxy.speak());
    expect(classifyDatabaseError(waiting), (waiting as Error).message).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect((await sql<{ n: number }>`select 3 as n`.execute(handle.db)).rows).toEqual([{ n: 3 }]);
  });

  test('a request waiting behind a statement that is merely slow is still told every connection is busy', async () => {
    const slow = handle.db.connection().execute(async (connection) => {
      await sql`select set_config('statement_timeout', '0', false)`.execute(connection);
      try {
        await sql`select pg_sleep(${(answerDeadlineMs(STATEMENT_TIMEOUT_MS)! + 500) / 1000})`.execute(connection);
      } finally {
        await sql`reset statement_timeout`.execute(connection);
      }
    });
    const waiting = await sql`select 2`.execute(handle.db).then(() => undefined, (error: unknown) => error);
    expect(classifyDatabaseError(waiting)).toMatchObject({ status: 503, code: 'database_busy' });
    await slow;
  });
});
