import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { arrayParam } from './array-param.ts';
test('array parameters keep every value as given: quotes, backslashes, NULL, empty and look-alike strings, dates', async () => {
  const t = await createTestDatabase();
  const vals = ['a', 'b"c', 'd\\e', null, '', 'NULL', 'x,y', '{z}', ' sp ', 'é', "it's"];
  const r = await sql<{ v: string | null }>`select v from unnest(${arrayParam(vals, 'text')}) with ordinality as t(v, i) order by i`.execute(t.db);
  expect(r.rows.map((x) => x.v)).toEqual(vals);
  const when = [new Date('2026-01-02T03:04:05.678Z'), null];
  const r2 = await sql<{ v: Date | null }>`select v from unnest(${arrayParam(when, 'timestamptz')}) with ordinality as t(v, i) order by i`.execute(t.db);
  expect(r2.rows.map((x) => x.v?.toISOString() ?? null)).toEqual(['2026-01-02T03:04:05.678Z', null]);
  await t.dispose();
});
