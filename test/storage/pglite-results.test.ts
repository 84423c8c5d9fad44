import { parse, PGlite, protocol, type Results } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exchange, firstResult, readPlain } from '../../src/storage/pglite-results.ts';

const { serialize } = protocol;

/** One statement as an unnamed prepared statement: parse, bind, describe, execute, sync in one message. */
function message(text: string): Uint8Array {
  return Buffer.concat([serialize.parse({ text }), serialize.bind({}), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
}

/** The same response read by PGlite's own reader, as execProtocolStream and parseResults read it. */
function byPGlite(client: PGlite, response: Uint8Array): { result?: Results; error?: unknown } {
  const messages: Parameters<typeof parse.parseResults>[0] = [];
  new protocol.Parser().parse(response, (m) => { messages.push(m); });
  const error = messages.find((m) => m instanceof protocol.messages.DatabaseError);
  return error ? { error } : { result: parse.parseResults(messages, client.parsers)[0]! };
}

// Issue 8: the embedded database's rows are read from the raw response instead of through PGlite's
// reader, which copied every field before decoding it. Nothing may change: the same response read
// both ways gives the same result, error for error.
describe('rows read from the raw response are what PGlite reads', () => {
  let client: PGlite;
  beforeAll(async () => {
    client = await PGlite.create();
    await client.exec(`
      create table t (id int primary key, note text, tags text[], doc jsonb, at timestamptz, n numeric, big bigint, ok boolean, raw bytea, f float8);
      insert into t values
        (1, 'plain', '{a,b}', '{"k": [1, 2]}', '2026-12-07 10:00:00.123+00', 12.50, 9007199254740993, true, '\\x00ff', 1.5),
        (2, 'ünïcödé — ✓ 𝄞', '{}', 'null', null, null, null, false, '\\x', -0.25),
        (3, null, null, null, null, null, null, null, null, null),
        (4, repeat('x', 100000), array_fill('y'::text, array[500]), jsonb_build_object('deep', repeat('z', 70000)), now(), 1e-20, -1, true, decode(repeat('ab', 5000), 'hex'), 'NaN');
    `);
  });
  afterAll(async () => { await client.close(); });

  /** Plain responses this reader hands to PGlite's: a column named __proto__ (a property of the row like any other), an empty statement. */
  const LEFT_TO_PGLITE = [`select '{"a": 1}'::jsonb as "__proto__", 1 as x`, ''];
  const statements = [
    'select * from t order by id',
    'select id, note as "same", id as "same" from t order by id',
    'select id from t where id > 100',
    "insert into t (id, note) values (10, 'new'), (11, 'newer') returning id, note",
    "update t set note = note || '!' where id >= 10",
    'delete from t where id = 11',
    'select 1 as one, null::int as none, \'\'::text as empty',
    'select count(*) from t',
    'create temporary table scratch (x int)',
    'select id from t where id = 1/0',
    'select nothing from t',
    "insert into t (id) values (1)",
    // A leading byte order mark, which PGlite's decoder drops, in a value and in a column's name.
    "select chr(65279) || 'abc' as bom, 'x' as \"\ufeffnamed\"",
    // Column names a generated row builder must write as they are: quotes, a backslash, a line break,
    // Object.prototype's own names, a line separator, template and comment syntax.
    `select 1 as "a""b", 2 as "back\\slash", 3 as "line\nbreak", 4 as "constructor", 5 as "toString", 6 as "\u2028", 7 as "\${x}", 8 as "'}); throw 1; //", 9 as " "`,
    // No column, then one whose name is a byte order mark (read as ''): two lists, two row shapes.
    'select from t where id = 1',
    "select 1 as \"\ufeff\"",
    ...LEFT_TO_PGLITE,
  ];
  for (const text of statements) {
    test(text || '(an empty statement)', async () => {
      const response = await exchange(client, message(text));
      const expected = byPGlite(client, response);
      if (expected.error) {
        expect(() => firstResult(response, client.parsers)).toThrow(expected.error as Error);
        expect(() => firstResult(response, client.parsers)).toThrow(expect.objectContaining({ code: (expected.error as { code: string }).code }));
      } else {
        // Read without PGlite's reader, not handed back to it, but for the cases it leaves to PGlite.
        expect(readPlain(response, client.parsers)).toStrictEqual(LEFT_TO_PGLITE.includes(text) ? undefined : expected.result);
        expect(firstResult(response, client.parsers)).toStrictEqual(expected.result);
        // In the same order: clients see rows' keys in column order.
        expect(firstResult(response, client.parsers).rows.map((row) => Object.keys(row as object))).toEqual(expected.result!.rows.map((row) => Object.keys(row as object)));
      }
    });
  }
});
