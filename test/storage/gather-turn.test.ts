import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gatherTurn, letOthersIn } from '../../src/storage/pglite-dialect.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Issue 8: on the embedded database a shared run (invites, token lookups) lets a turn of the event
// loop pass before asking for the connection. Bulk work between two slices lets waiting requests
// in first (letOthersIn): a request gathering its company must count as waiting, or the next slice
// goes ahead of it.
describe.skipIf(!!process.env.DATABASE_URL)('gathering on the embedded database', () => {
  let d: TestDatabase;
  beforeAll(async () => { d = await createTestDatabase(); });
  afterAll(async () => { await d.dispose(); });

  test('bulk work letting others in waits for a request that is gathering', async () => {
    const order: string[] = [];
    const bulk = letOthersIn(d.db).then(() => order.push('bulk slice'));
    const request = gatherTurn(d.db)!().then(async () => {
      await sql`select 1`.execute(d.db);
      order.push('request');
    });
    await Promise.all([bulk, request]);
    expect(order).toEqual(['request', 'bulk slice']);
  });
});
