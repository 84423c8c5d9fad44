import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lastStatementMark } from '../../src/storage/commit-with-last-statement.ts';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.ts';
import { createTestDatabase } from '../support/database.ts';
import { statementRecorder } from '../support/statements.ts';

// Issue 8 (single-invite latency): a transaction's last statement may carry its commit, one round
// trip less. What must hold: a failing last statement commits nothing and leaves the transaction
// to the rollback; a statement sent after the committing one is refused, not run outside the
// transaction; a value that cannot be sent commits nothing; the connection stays usable.
describe.skipIf(!process.env.DATABASE_URL)('a commit sent with the last statement (PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  const recorder = statementRecorder();
  beforeAll(async () => {
    scratch = await createTestDatabase();
    recorder.start();
    // One connection: every transaction below reuses the one before it.
    handle = await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://', poolSize: 1 });
    await sql`create table notes (id int primary key, body text not null)`.execute(handle.db);
  });
  afterAll(async () => {
    recorder.stop();
    await handle.close();
    await scratch.dispose();
  });
  const ids = async () => (await sql<{ id: number }>`select id from notes order by id`.execute(handle.db)).rows.map((r) => r.id);
  const insert = (id: number, last: boolean, body: unknown = 'x') => sql`insert into notes (id, body) values (${id}, ${body}) ${lastStatementMark(last)}`;

  test('commits with the statement, in one round trip fewer; Kysely\'s commit goes nowhere', async () => {
    recorder.roundTrips.count = 0;
    let trips = 0;
    await handle.db.transaction().execute(async (trx) => {
      await insert(1, false).execute(trx);
      await insert(2, true).execute(trx);
      trips = recorder.roundTrips.count;
      // Committed already: another connection sees both rows before Kysely's commit.
      const other = await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://', poolSize: 1 });
      try {
        expect((await sql<{ id: number }>`select id from notes order by id`.execute(other.db)).rows.map((r) => r.id)).toEqual([1, 2]);
      } finally {
        await other.close();
      }
      recorder.roundTrips.count = 0;
    });
    // begin with the first insert, the second with the commit; Kysely's commit sent nothing.
    expect(trips).toBe(2);
    expect(recorder.roundTrips.count).toBe(0);
    expect(await ids()).toEqual([1, 2]);
  });

  test('a last statement that fails commits nothing: the transaction is rolled back, and the next one works', async () => {
    await expect(handle.db.transaction().execute(async (trx) => {
      await insert(3, false).execute(trx);
      await insert(1, true).execute(trx); // the key is taken
    })).rejects.toThrow(/duplicate key/);
    expect(await ids()).toEqual([1, 2]);
    await handle.db.transaction().execute(async (trx) => {
      await insert(4, false).execute(trx);
      await insert(5, true).execute(trx);
    });
    expect(await ids()).toEqual([1, 2, 4, 5]);
  });

  test('a statement after the committing one is refused, not run outside the transaction', async () => {
    const error = await handle.db
      .transaction()
      .execute(async (trx) => {
        await insert(6, false).execute(trx);
        await insert(7, true).execute(trx);
        await insert(8, false).execute(trx);
      })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/with or after the one that commits its transaction/);
    // The transaction was committed with its last statement; what came after it was not run.
    expect(await ids()).toEqual([1, 2, 4, 5, 6, 7]);
  });

  test('a statement sent while the committing one is under way is refused too', async () => {
    const error = await handle.db
      .transaction()
      .execute(async (trx) => {
        await insert(30, false).execute(trx);
        await Promise.all([insert(31, true).execute(trx), insert(32, false).execute(trx)]);
      })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/with or after the one that commits its transaction/);
    expect((await ids()).filter((id) => id >= 30)).toEqual([30, 31]);
    await sql`delete from notes where id >= 30`.execute(handle.db);
  });

  test('marked outside a transaction, or as a transaction\'s first statement, it runs as any other', async () => {
    await insert(11, true).execute(handle.db);
    await handle.db.transaction().execute((trx) => insert(12, true).execute(trx));
    expect(await ids()).toEqual([1, 2, 4, 5, 6, 7, 11, 12]);
  });

  // Last: pg closes a statement whose values it could not bind, and the next run of that text fails once (as for any statement).
  test('a value that cannot be sent commits nothing', async () => {
    const unsendable = { toPostgres: () => { throw new Error('no form for the server'); } };
    await expect(handle.db.transaction().execute(async (trx) => {
      await insert(9, false).execute(trx);
      await insert(10, true, unsendable).execute(trx);
    })).rejects.toThrow(/no form for the server/);
    expect(await ids()).toEqual([1, 2, 4, 5, 6, 7, 11, 12]);
  });
});
