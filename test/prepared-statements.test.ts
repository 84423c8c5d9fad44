import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Db } from '../src/storage/db.ts';
import { preparedQueries } from '../src/storage/pglite-prepared.ts';
import { PREPARED_PER_CONNECTION } from '../src/storage/prepared-statements.ts';
import { createTestDatabase } from './support/database.ts';

/** The texts the connection keeps prepared by protocol (not by SQL PREPARE). */
async function preparedTexts(db: Db): Promise<string[]> {
  return (await sql<{ statement: string }>`select statement from pg_prepared_statements where from_sql = false`.execute(db)).rows.map((r) => r.statement);
}

/** A prepared statement whose column changes type under it fails once (as PostgreSQL says), then is prepared afresh. */
async function resultTypeChangeFailsOnce(db: Db): Promise<void> {
  await sql`create table scratch (id int primary key, note text)`.execute(db);
  await sql`insert into scratch values (1, '7')`.execute(db);
  const read = () => sql<{ note: unknown }>`select note from scratch where id = ${1}`.execute(db);
  expect((await read()).rows).toEqual([{ note: '7' }]);
  await sql`alter table scratch alter column note type int using note::int`.execute(db);
  await expect(read()).rejects.toMatchObject({ code: '0A000' });
  expect((await read()).rows).toEqual([{ note: 7 }]);
}

// Issue 8 (per-request cost): each pooled PostgreSQL connection prepares the data statements it
// runs, so a repeated statement skips parsing and planning; nothing else may change.
describe.skipIf(!process.env.DATABASE_URL)('prepared statements (PostgreSQL)', () => {
  async function withOneConnection<T>(run: (handle: Awaited<ReturnType<typeof openDatabase>>, url: string) => Promise<T>): Promise<T> {
    const t = await createTestDatabase();
    const handle = await openDatabase({ databaseUrl: t.url, dataDir: 'memory://', poolSize: 1 });
    try {
      return await run(handle, t.url!);
    } finally {
      await handle.close();
      await t.dispose();
    }
  }


  test('a data statement is prepared once per connection and gives the same rows', async () => {
    await withOneConnection(async ({ db }) => {
      await sql`insert into organizations (slug, name) values ('a', 'A'), ('b', 'B')`.execute(db);
      const find = (slug: string) => db.selectFrom('organizations').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
      expect(await find('a')).toEqual({ slug: 'a', name: 'A' });
      expect(await find('b')).toEqual({ slug: 'b', name: 'B' });
      expect(await find('c')).toBeUndefined();
      const texts = await preparedTexts(db);
      expect(texts.filter((s) => s.startsWith('select "slug", "name" from "organizations"'))).toHaveLength(1);
    });
  });

  test('DDL and transaction control are not prepared (but the connection\'s own begin and commit); `select *` only outside a transaction', async () => {
    await withOneConnection(async ({ db }) => {
      await sql`create table scratch (id int primary key, note text)`.execute(db);
      await db.transaction().execute(async (trx) => {
        await sql`insert into scratch values (1, 'x')`.execute(trx);
        await sql`select * from scratch where id = ${1} and note = ${'in'}`.execute(trx);
      });
      await sql`select * from scratch where id = ${1}`.execute(db);
      const texts = await preparedTexts(db);
      expect(texts.some((s) => /create table|note = \$2/i.test(s))).toBe(false);
      // `begin` and `commit` are the ones prepared on purpose, once each, as the connection opens
      // (begin-with-first-statement.ts, commit-with-last-statement.ts).
      expect(texts.filter((s) => /^begin/i.test(s))).toEqual(['begin']);
      expect(texts.filter((s) => /^commit/i.test(s))).toEqual(['commit']);
      expect(texts).toContain('insert into scratch values (1, \'x\')');
      expect(texts).toContain('select * from scratch where id = $1');
    });
  });

  test('a `select *` keeps working when a migration elsewhere adds a column', async () => {
    await withOneConnection(async ({ db }, url) => {
      await sql`create table scratch (id int primary key, note text)`.execute(db);
      await sql`insert into scratch values (1, 'x')`.execute(db);
      const read = () => sql<Record<string, unknown>>`select * from scratch where id = ${1}`.execute(db);
      expect((await read()).rows).toEqual([{ id: 1, note: 'x' }]);
      const other = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 1 });
      await sql`alter table scratch add column added int default 7`.execute(other.db);
      await other.close();
      expect((await read()).rows).toEqual([{ id: 1, note: 'x', added: 7 }]);
    });
  });

  test('a statement whose result type changed under it fails once, then works again', async () => {
    await withOneConnection(({ db }) => resultTypeChangeFailsOnce(db));
  });
});

// The embedded database prepares its repeated data statements too (pglite-prepared.ts): PGlite's
// own query parses and plans every text again, in six calls into WebAssembly.
describe.skipIf(!!process.env.DATABASE_URL)('prepared statements (embedded database)', () => {
  async function withDatabase<T>(run: (db: Awaited<ReturnType<typeof createTestDatabase>>['db']) => Promise<T>): Promise<T> {
    const t = await createTestDatabase();
    try {
      return await run(t.db);
    } finally {
      await t.dispose();
    }
  }

  test('a data statement is prepared once and gives the same rows, typed as before, with nulls and arrays', async () => {
    await withDatabase(async (db) => {
      await sql`insert into organizations (slug, name, notifications_enabled) values ('a', 'A', true), ('b', 'B', false)`.execute(db);
      const find = (slug: string) => db.selectFrom('organizations').select(['slug', 'name', 'notificationsEnabled', 'createdAt', 'invitationTtlDays']).where('slug', '=', slug).executeTakeFirst();
      const a = await find('a');
      expect(a).toMatchObject({ slug: 'a', name: 'A', notificationsEnabled: true, invitationTtlDays: 7 });
      expect(a!.createdAt).toBeInstanceOf(Date);
      expect(await find('b')).toMatchObject({ slug: 'b', notificationsEnabled: false });
      expect(await find('c')).toBeUndefined();
      const many = (slugs: string[] | null) => sql<{ n: number }>`select count(*)::int as n from organizations where ${slugs}::text[] is null or slug = any(${slugs}::text[])`.execute(db);
      expect((await many(['a', 'b'])).rows).toEqual([{ n: 2 }]);
      expect((await many(null)).rows).toEqual([{ n: 2 }]);
      const updated = await db.updateTable('organizations').set({ name: 'Ay' }).where('slug', '=', 'a').executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(1n);
      const texts = await preparedTexts(db);
      expect(texts.filter((s) => s.startsWith('select "slug", "name", "notifications_enabled"'))).toHaveLength(1);
      expect(texts.some((s) => /^(begin|commit)/i.test(s))).toBe(false);
    });
  });

  test('errors keep their codes; a statement that fails to parse is not kept, and a transaction rolls back whole', async () => {
    await withDatabase(async (db) => {
      await sql`create table scratch (id int primary key, note text)`.execute(db);
      const insert = (id: number, note: string) => sql`insert into scratch (id, note) values (${id}, ${note})`.execute(db);
      await insert(1, 'x');
      await expect(insert(1, 'y')).rejects.toMatchObject({ code: '23505' });
      for (let i = 0; i < 2; i++) await expect(sql`select nope from scratch where id = ${1}`.execute(db)).rejects.toMatchObject({ code: '42703' });
      expect((await preparedTexts(db)).some((s) => s.includes('nope'))).toBe(false);
      // Refused at bind (a value its type does not take): the rest of that call is skipped, the next works.
      const byId = (id: string) => sql<{ n: number }>`select count(*)::int as n from organizations where id = ${id}::uuid`.execute(db);
      expect((await byId('00000000-0000-4000-8000-000000000000')).rows).toEqual([{ n: 0 }]);
      await expect(byId('not-a-uuid')).rejects.toMatchObject({ code: '22P02' });
      expect((await byId('00000000-0000-4000-8000-000000000000')).rows).toEqual([{ n: 0 }]);
      await expect(db.transaction().execute(async (trx) => {
        await sql`insert into scratch (id, note) values (${2}, ${'in'})`.execute(trx);
        await sql`insert into scratch (id, note) values (${1}, ${'again'})`.execute(trx);
      })).rejects.toMatchObject({ code: '23505' });
      expect((await sql<{ id: number }>`select id from scratch order by id`.execute(db)).rows).toEqual([{ id: 1 }]);
      // A statement run in a transaction already failed is refused (25P02), and works after it.
      const count = (on: Db) => sql<{ n: number }>`select count(*)::int as n from scratch where id > ${0}`.execute(on);
      expect((await count(db)).rows).toEqual([{ n: 1 }]);
      await db.connection().execute(async (c) => {
        await sql`begin`.execute(c);
        await expect(sql`insert into scratch (id, note) values (${1}, ${'dup'})`.execute(c)).rejects.toMatchObject({ code: '23505' });
        await expect(count(c)).rejects.toMatchObject({ code: '25P02' });
        await sql`rollback`.execute(c);
      });
      expect((await count(db)).rows).toEqual([{ n: 1 }]);
    });
  });

  test('the least recently run statements make room past the quota, and every text still runs', async () => {
    await withDatabase(async (db) => {
      const run = (n: number) => sql<{ n: number }>`select ${n}::int + ${sql.raw(String(n))} as n`.execute(db);
      for (let n = 1; n <= PREPARED_PER_CONNECTION + 20; n++) expect((await run(n)).rows).toEqual([{ n: 2 * n }]);
      expect((await run(1)).rows).toEqual([{ n: 2 }]);
      const kept = await preparedTexts(db);
      expect(kept.length).toBeLessThanOrEqual(PREPARED_PER_CONNECTION);
      expect(kept).toContain(`select $1::int + ${PREPARED_PER_CONNECTION + 20} as n`);
      expect(kept).not.toContain('select $1::int + 2 as n');
    });
  });

  test('a statement whose result type changed under it fails once, then works again', async () => {
    await withDatabase(resultTypeChangeFailsOnce);
  });

  test('`select *` is prepared outside a transaction only, and keeps working when a column is added', async () => {
    await withDatabase(async (db) => {
      await sql`create table scratch (id int primary key, note text)`.execute(db);
      await db.transaction().execute(async (trx) => {
        await sql`insert into scratch values (1, 'x')`.execute(trx);
        expect((await sql`select * from scratch where id = ${1} and note = ${'x'}`.execute(trx)).rows).toEqual([{ id: 1, note: 'x' }]);
      });
      const read = () => sql<Record<string, unknown>>`select * from scratch where id = ${1}`.execute(db);
      expect((await read()).rows).toEqual([{ id: 1, note: 'x' }]);
      const texts = await preparedTexts(db);
      expect(texts).toContain('select * from scratch where id = $1');
      expect(texts.some((s) => s.includes('note = $2'))).toBe(false);
      await sql`alter table scratch add column added int default 7`.execute(db);
      expect((await read()).rows).toEqual([{ id: 1, note: 'x', added: 7 }]);
      expect((await read()).rows).toEqual([{ id: 1, note: 'x', added: 7 }]);
      // Inside a transaction it still runs through query, with the new column.
      await db.transaction().execute(async (trx) => {
        expect((await sql`select * from scratch where id = ${1} and note = ${'x'}`.execute(trx)).rows).toEqual([{ id: 1, note: 'x', added: 7 }]);
      });
    });
  });

  test('a closed database says so, for a prepared statement as for any other', async () => {
    const client = await PGlite.create('memory://');
    const query = preparedQueries(client);
    expect((await query('select $1::int + 1 as n', [1])).rows).toEqual([{ n: 2 }]);
    await client.close();
    await expect(query('select $1::int + 1 as n', [1])).rejects.toThrow(/PGlite is closed/);
  });
});
