import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../src/storage/db.ts';
import { createTestDatabase } from './support/database.ts';

// Issue 6, tests: a shutdown whose grace period ran out must not leave a write waiting on a lock
// to commit after its client was cut off. Only a real second session can hold the lock.
describe.skipIf(!process.env.DATABASE_URL)('aborting in-flight database work (PostgreSQL)', () => {
  test('a statement waiting on a lock fails at once and its write never commits', async () => {
    const t = await createTestDatabase();
    const holder = new pg.Client({ connectionString: t.url });
    const handle = await openDatabase({ databaseUrl: t.url, dataDir: 'memory://', poolSize: 2 });
    try {
      await sql`insert into organizations (slug, name) values ('held', 'Before')`.execute(t.db);
      await holder.connect();
      await holder.query('begin');
      await holder.query(`select * from organizations where slug = 'held' for update`);
      const write = handle.db.transaction().execute(async (trx) => {
        await sql`update organizations set name = 'After' where slug = 'held'`.execute(trx);
      });
      const outcome = write.then(() => 'committed', () => 'failed');
      await new Promise((r) => setTimeout(r, 300));
      handle.abort();
      expect(await outcome).toBe('failed');
      await handle.close();
      await holder.query('commit');
      await new Promise((r) => setTimeout(r, 300));
      const row = await sql<{ name: string }>`select name from organizations where slug = 'held'`.execute(t.db);
      expect(row.rows[0]!.name).toBe('Before');
    } finally {
      await holder.end().catch(() => {});
      await t.dispose();
    }
  });
});
