import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { exchange, firstResult } from './pglite-results.ts';
import { FEATURE_NOT_SUPPORTED, PREPARED_PER_CONNECTION, preparation } from './prepared-statements.ts';

const { serialize } = protocol;

/** A statement prepared on the embedded database: its name and the types of its parameters. */
interface Prepared {
  name: string;
  paramTypes: number[];
}

/** "cached plan must not change result type", "prepared statement does not exist". */
const STALE = new Set([FEATURE_NOT_SUPPORTED, '26000']);

/** A `*` statement met inside a transaction, or refused reuse outside one: run it through `query`. */
const BY_QUERY = Symbol('by query');

/** Each wrapper names its statements apart, should two ever share a client. */
let instances = 0;

/**
 * Runs statements on PGlite as PostgreSQL's own prepared statements, as prepareRepeatedStatements
 * does on a PostgreSQL connection: the first run of a data statement parses it under a name (and
 * learns its parameter types), later runs send bind, describe, execute and sync in one call into
 * the database. PGlite's own `query` parses, analyzes and plans the text again on every call, in
 * six calls into WebAssembly: signed-in accepts went from 206–298 to 442–491 a second with this
 * (bench/RESULTS.md). At most PREPARED_PER_CONNECTION are kept, the least recently run making room
 * (the one connection lives as long as the server, and texts such as `in ($1, $2)` differ by
 * length). Which texts are kept, and when, follows `preparation` (prepared-statements.ts), as on
 * PostgreSQL: a `*` statement only outside a transaction; anything else (transaction control, DDL)
 * runs through `query` as before.
 * Values are serialized as `query` serializes them (the client's serializer for the parameter's
 * type, else their text), and rows are parsed by the same parsers (pglite-results.ts reads them
 * from the response without PGlite's per-field copies).
 */
export function preparedQueries(client: PGlite): <R>(text: string, values: readonly unknown[]) => Promise<Results<R>> {
  const statements = new Map<string, Prepared>();
  /** Statements found stale or evicted, closed with the next preparation so they do not pile up. */
  const stale: string[] = [];
  const instance = ++instances;
  let counter = 0;

  async function prepare(text: string): Promise<Prepared> {
    const name = `g${instance}_${++counter}`;
    // The least recently run statement makes room (the map keeps them in order of last run).
    if (statements.size >= PREPARED_PER_CONNECTION) {
      const [oldest, evicted] = statements.entries().next().value!;
      statements.delete(oldest);
      stale.push(evicted.name);
    }
    const closes = stale.splice(0).map((old) => serialize.close({ type: 'S', name: old }));
    const messages = await client.execProtocolStream(Buffer.concat([...closes, serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, prepared);
    return prepared;
  }

  async function run<R>(text: string, values: readonly unknown[], star: boolean): Promise<Results<R> | typeof BY_QUERY> {
    // Checked again once the connection is ours: a close may have begun while this waited.
    if (!client.ready) throw new Error(client.closed ? 'PGlite is closed' : 'PGlite is closing');
    if (star && client.isInTransaction()) return BY_QUERY;
    let prepared = statements.get(text);
    if (prepared) {
      statements.delete(text);
      statements.set(text, prepared);
    } else {
      prepared = await prepare(text);
    }
    const params = values.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = client.serializers[prepared.paramTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    try {
      const response = await exchange(client, Buffer.concat([serialize.bind({ statement: prepared.name, values: params }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]));
      return firstResult<R>(response, client.parsers);
    } catch (error) {
      // A statement whose result type changed under it (DDL since), or one no longer there, is
      // prepared afresh next time; this run fails as it would on PostgreSQL, except a `*` statement
      // outside a transaction, which runs again at once (as prepareRepeatedStatements does there).
      if (STALE.has((error as { code?: unknown }).code as string)) {
        statements.delete(text);
        stale.push(prepared.name);
        // Outside a transaction nothing was changed: a `*` statement runs again at once.
        if (star && !client.isInTransaction()) return BY_QUERY;
      }
      throw error;
    }
  }

  return async <R>(text: string, values: readonly unknown[]) => {
    const how = preparation(text);
    // A database not ready (starting, closing or closed) answers as `query` does.
    if (!client.ready || how === 'never') return client.query<R>(text, [...values]);
    const results = await client.runExclusive(() => run<R>(text, values, how === 'outside transactions'));
    return results === BY_QUERY ? client.query<R>(text, [...values]) : results;
  };
}
