import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../src/storage/db.ts';
import { createTestDatabase } from './support/database.ts';

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

  const preparedTexts = async (db: Awaited<ReturnType<typeof openDatabase>>['db']) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where from_sql = false`.execute(db)).rows.map((r) => r.statement);

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

  test('DDL and transaction control are not prepared; `select *` only outside a transaction', async () => {
    await withOneConnection(async ({ db }) => {
      await sql`create table scratch (id int primary key, note text)`.execute(db);
      await db.transaction().execute(async (trx) => {
        await sql`insert into scratch values (1, 'x')`.execute(trx);
        await sql`select * from scratch where id = ${1} and note = ${'in'}`.execute(trx);
      });
      await sql`select * from scratch where id = ${1}`.execute(db);
      const texts = await preparedTexts(db);
      expect(texts.some((s) => /create table|^begin|^commit|note = \$2/i.test(s))).toBe(false);
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
    await withOneConnection(async ({ db }) => {
      await sql`create table scratch (id int primary key, note text)`.execute(db);
      await sql`insert into scratch values (1, '7')`.execute(db);
      const read = () => sql<{ note: unknown }>`select note from scratch where id = ${1}`.execute(db);
      expect((await read()).rows).toEqual([{ note: '7' }]);
      await sql`alter table scratch alter column note type int using note::int`.execute(db);
      await expect(read()).rejects.toMatchObject({ code: '0A000' });
      expect((await read()).rows).toEqual([{ note: 7 }]);
    });
  });
});
