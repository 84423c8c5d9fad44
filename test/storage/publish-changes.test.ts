import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/db.ts';
import { publishChangesAtCommit } from '../../src/storage/planner-statistics.ts';
import { createTestDatabase } from '../support/database.ts';

// Review of issue 8's statistics publication: whether the server offers pg_stat_force_next_flush is
// checked once, but a check that failed (here: inside a transaction already aborted) must not be
// remembered, or every later send would fail with its error until a restart.
describe.skipIf(!process.env.DATABASE_URL)('publishing table changes at commit (PostgreSQL)', () => {
  test('a failed availability check is not remembered', async () => {
    const scratch = await createTestDatabase();
    const handle = await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://', poolSize: 1 });
    try {
      await expect(handle.db.transaction().execute(async (trx) => {
        await sql`select 1 / 0`.execute(trx).catch(() => {});
        await publishChangesAtCommit(trx);
      })).rejects.toThrow(/aborted/);
      await handle.db.transaction().execute((trx) => publishChangesAtCommit(trx));
    } finally {
      await handle.close();
      await scratch.dispose();
    }
  });
});
