import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../src/storage/db.ts';
import { prepareRepeatedStatements } from '../src/storage/prepared-statements.ts';
import { createTestDatabase } from './support/database.ts';

type Query = (text: string, values: unknown[]) => Promise<pg.QueryResult>;

async function rows(db: Db): Promise<number[]> {
  return (await sql<{ id: number }>`select id from scratch order by id`.execute(db)).rows.map((r) => r.id);
}

// Issue 8 (single invites): on PostgreSQL a transaction's BEGIN travels with its first statement,
// one round trip less per transaction; what the transaction does must not change.
describe.skipIf(!process.env.DATABASE_URL)('BEGIN sent with the first statement (PostgreSQL)', () => {
  async function withDatabase<T>(run: (db: Db, other: Db, url: string) => Promise<T>): Promise<T> {
    const t = await createTestDatabase();
    const one = await openDatabase({ databaseUrl: t.url, dataDir: 'memory://', poolSize: 1 });
    const other = await openDatabase({ databaseUrl: t.url, dataDir: 'memory://', poolSize: 1 });
    try {
      await sql`create table scratch (id int primary key, note text)`.execute(one.db);
      return await run(one.db, other.db, t.url!);
    } finally {
      await one.close();
      await other.close();
      await t.dispose();
    }
  }

  test('round trips: begin with the first statement, prepared or not; commit alone; an empty transaction sends nothing', async () => {
    await withDatabase(async (_db, _other, url) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        prepareRepeatedStatements(client as pg.PoolClient);
        const query = client.query.bind(client) as unknown as Query;
        // Queued behind the preparation of `begin` the connection starts with.
        await query('select 1', []);
        let answers = 0;
        (client as unknown as { connection: pg.Connection }).connection.on('readyForQuery', () => answers++);
        const counted = async (run: () => Promise<unknown>) => {
          const before = answers;
          await run();
          return answers - before;
        };
        const insert = 'insert into scratch (id, note) values ($1, $2)';
        // First run of a text: parsed under its name in the same round trip.
        expect(await counted(() => query('begin', []))).toBe(0);
        expect(await counted(() => query(insert, [1, 'a']))).toBe(1);
        expect(await counted(() => query('commit', []))).toBe(1);
        expect(await counted(() => query('begin', []))).toBe(0);
        expect(await counted(() => query(insert, [2, 'b']))).toBe(1);
        expect(await counted(() => query(insert, [3, 'c']))).toBe(1);
        expect(await counted(() => query('commit', []))).toBe(1);
        // A setting first: begin, then it.
        expect(await counted(() => query('begin', []))).toBe(0);
        expect(await counted(() => query("set local lock_timeout = '1s'", []))).toBe(2);
        expect(await counted(() => query('commit', []))).toBe(1);
        expect(await counted(async () => {
          await query('begin', []);
          await query('commit', []);
        })).toBe(0);
        expect(await counted(async () => {
          await query('begin', []);
          await query('rollback', []);
        })).toBe(0);
        expect((await query('select id from scratch order by id', [])).rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      } finally {
        await client.end();
      }
    });
  });

  test('the first statement runs inside the transaction: rolled back with it, unseen by others until the commit', async () => {
    await withDatabase(async (db, other) => {
      await expect(db.transaction().execute(async (trx) => {
        await sql`insert into scratch (id, note) values (${1}, ${'first'})`.execute(trx);
        throw new Error('changed my mind');
      })).rejects.toThrow('changed my mind');
      expect(await rows(db)).toEqual([]);
      await db.transaction().execute(async (trx) => {
        await sql`insert into scratch (id, note) values (${2}, ${'first'})`.execute(trx);
        expect(await rows(other)).toEqual([]);
        await sql`insert into scratch (id, note) values (${3}, ${'second'})`.execute(trx);
      });
      expect(await rows(other)).toEqual([2, 3]);
    });
  });

  test('a first statement that fails fails the transaction, which rolls back; the connection works on', async () => {
    await withDatabase(async (db) => {
      const insert = (on: Db, id: number) => sql`insert into scratch (id, note) values (${id}, ${'x'})`.execute(on);
      await insert(db, 1);
      await db.transaction().execute(async (trx) => insert(trx, 5));
      await expect(db.transaction().execute(async (trx) => {
        await insert(trx, 1);
        await insert(trx, 2);
      })).rejects.toMatchObject({ code: '23505' });
      // Refused at bind (a value its type does not take), with a statement prepared before.
      await expect(db.transaction().execute(async (trx) => {
        await sql`insert into scratch (id, note) values (${'seven'}, ${'x'})`.execute(trx);
      })).rejects.toMatchObject({ code: '22P02' });
      expect(await rows(db)).toEqual([1, 5]);
      await db.transaction().execute(async (trx) => insert(trx, 3));
      expect(await rows(db)).toEqual([1, 3, 5]);
    });
  });

  test('a first statement that fails to parse leaves nothing behind: the same connection runs the next', async () => {
    await withDatabase(async (db) => {
      for (let i = 0; i < 2; i++) {
        await expect(db.transaction().execute(async (trx) => {
          await sql`select nope from scratch where id = ${1}`.execute(trx);
        })).rejects.toMatchObject({ code: '42703' });
      }
      await db.transaction().execute(async (trx) => {
        await sql`insert into scratch (id, note) values (${1}, ${'after'})`.execute(trx);
      });
      expect(await rows(db)).toEqual([1]);
    });
  });

  test('after the server discarded its prepared statements, the next transaction prepares begin again and runs', async () => {
    // (A data statement prepared before the discard fails once and is prepared afresh: new texts here.)
    await withDatabase(async (db, other) => {
      await db.transaction().execute(async (trx) => sql`insert into scratch (id, note) values (${1}, ${'before'})`.execute(trx));
      await sql`deallocate all`.execute(db);
      await db.transaction().execute(async (trx) => sql`insert into scratch (id, note) values (${2}, ${'after'}) returning id`.execute(trx));
      await db.transaction().execute(async (trx) => sql`insert into scratch (id, note) values (${3}, ${'after'}) returning id`.execute(trx));
      expect(await rows(db)).toEqual([1, 2, 3]);
      // The same when the first statement is one that goes after a `begin` of its own (a setting).
      await sql`deallocate all`.execute(db);
      await db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '1234ms'`.execute(trx);
        await sql`insert into scratch (id, note) values (${4}, ${'set first'}) returning note`.execute(trx);
      });
      expect(await rows(other)).toEqual([1, 2, 3, 4]);
    });
  });

  test('first statements that are not prepared: a setting, a `select *`, DDL', async () => {
    await withDatabase(async (db, other) => {
      await db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '1234ms'`.execute(trx);
        expect((await sql<{ t: string }>`select current_setting('lock_timeout') as t`.execute(trx)).rows).toEqual([{ t: '1234ms' }]);
      });
      expect((await sql<{ t: string }>`select current_setting('lock_timeout') as t`.execute(db)).rows).not.toEqual([{ t: '1234ms' }]);
      await sql`insert into scratch (id, note) values (1, 'x')`.execute(db);
      await db.transaction().execute(async (trx) => {
        expect((await sql`select * from scratch where id = ${1}`.execute(trx)).rows).toEqual([{ id: 1, note: 'x' }]);
        await sql`insert into scratch (id, note) values (${2}, ${'y'})`.execute(trx);
      });
      await expect(db.transaction().execute(async (trx) => {
        await sql`create table scratch_two (id int)`.execute(trx);
        throw new Error('not now');
      })).rejects.toThrow('not now');
      expect((await sql<{ t: string | null }>`select to_regclass('scratch_two')::text as t`.execute(other)).rows).toEqual([{ t: null }]);
      expect(await rows(other)).toEqual([1, 2]);
    });
  });

  test('a begin never sent is forgotten when the connection goes back to the pool', async () => {
    await withDatabase(async (db, other) => {
      await db.connection().execute(async (c) => {
        await sql`begin`.execute(c);
      });
      // The pool's only connection again: its next statement commits on its own.
      await sql`insert into scratch (id, note) values (${1}, ${'alone'})`.execute(db);
      expect(await rows(other)).toEqual([1]);
    });
  });
});
