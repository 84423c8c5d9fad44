import type pg from 'pg';
import { deferBegin, PREPARE_BEGIN, PrepareOnly, type DeferredBegin, type Query } from './begin-with-first-statement.ts';
import { commitWithLast, endsTransaction, PREPARE_COMMIT, type CommitWithLast } from './commit-with-last-statement.ts';

/**
 * At most this many statements are kept prepared on one connection; texts past it run unnamed
 * (parsed and planned each time, as before), so a connection's memory on the server stays bounded.
 */
export const PREPARED_PER_CONNECTION = 500;

/** Only plain data statements are prepared: never DDL, transaction control or settings. */
const DATA_STATEMENT = /^\s*(?:select|insert|update|delete|with)\b/i;

/**
 * A `*` expanded into columns (`select *`, `returning *`, `t.*`): a column added by a migration
 * from another process changes such a statement's result type, which PostgreSQL refuses for a
 * prepared statement ("cached plan must not change result type").
 */
const STAR_COLUMNS = /(?:\bselect|\breturning|,)\s+(?:"?[\w$]+"?\.)?\*/i;

/**
 * How a text may be kept prepared for as long as the connection lives (both databases: here on
 * PostgreSQL, pglite-prepared.ts on the embedded one): a data statement naming its columns,
 * `always`; one expanding `*`, only `outside transactions`, where the server's refusal to reuse it
 * after a column was added is met by running it again at once (a failed statement outside a
 * transaction changed nothing), so no transaction fails for it; anything else (DDL, transaction
 * control, settings) `never`.
 */
export function preparation(text: string): 'always' | 'outside transactions' | 'never' {
  if (!DATA_STATEMENT.test(text)) return 'never';
  return STAR_COLUMNS.test(text) ? 'outside transactions' : 'always';
}

/** The SQLSTATE of "cached plan must not change result type". */
export const FEATURE_NOT_SUPPORTED = '0A000';
/** The SQLSTATE of "prepared statement ... does not exist". */
const INVALID_STATEMENT_NAME = '26000';

/** The connection's transaction state from its last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' failed one. */
function transactionState(client: pg.PoolClient): string | undefined {
  return (client as unknown as { _txStatus?: string | null })._txStatus ?? undefined;
}

/**
 * Makes a pooled connection prepare each data statement it runs repeatedly: the first run of a
 * text parses it under a name of this connection, later runs only bind and execute it, which
 * skips PostgreSQL's parse, analysis and (once it settles on a generic plan) planning — most of
 * the server's time for the short statements a request issues. Values still travel as bind
 * parameters. A statement the server refuses to reuse is forgotten and prepared afresh next time;
 * one that expands `*` is only prepared outside a transaction, where that refusal is retried at
 * once (a failed statement outside a transaction changed nothing), so no transaction fails for it.
 * A transaction's `begin` travels with its first data statement (begin-with-first-statement.ts).
 */
export function prepareRepeatedStatements(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  let counter = 0;
  const query = client.query.bind(client) as Query;
  const forgetParsed = (name: string) => {
    delete (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements[name];
  };
  const begin = deferBegin(query, () => transactionState(client) === 'I', forgetParsed);
  const commit = commitWithLast(query, forgetParsed, () => transactionState(client));
  // Both prepared as the connection opens, ahead of anything queued on it, in one round trip.
  query(new PrepareOnly([PREPARE_BEGIN, PREPARE_COMMIT], (error) => {
    if (!error) return;
    begin.unprepared();
    commit.unprepared();
  }));
  connectionStates.set(client, { begin, commit });
  const prepared: Query = (config, values, callback) => {
    const plain = typeof config === 'string' && Array.isArray(values) && callback === undefined;
    const ending = commit.answerAlone(plain ? config : undefined);
    if (ending instanceof Error) {
      const done = typeof values === 'function' ? values : callback;
      if (typeof done === 'function') return void done(ending);
      return Promise.reject(ending);
    }
    if (ending) return ending;
    if (plain) {
      const alone = begin.answerAlone(config);
      if (alone) return alone;
    }
    const beginning = begin.pending();
    if (!plain) return beginning ? begin.afterBegin(config, values, callback) : query(config, values, callback);
    const text = config as string;
    const how = preparation(text);
    if (how === 'never') return beginning ? begin.afterBegin(text, values) : query(text, values);
    // A transaction's last statement carries its commit, inside an open transaction (not one whose begin is still to go).
    const last = !beginning && transactionState(client) === 'T' && endsTransaction(text);
    const send = (statement: { text: string; values: unknown[]; name?: string }) =>
      (beginning ? begin.withBegin(statement) : last ? commit.run(statement) : query(statement)) as Promise<unknown>;
    const star = how === 'outside transactions';
    if (star && (beginning || transactionState(client) !== 'I')) return send({ text, values: values as unknown[] });
    let name = names.get(text);
    if (name === undefined) {
      if (names.size >= PREPARED_PER_CONNECTION) return send({ text, values: values as unknown[] });
      name = `g${++counter}`;
      names.set(text, name);
    }
    return send({ name, text, values: values as unknown[] }).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      // A statement the server no longer has (its statements discarded): prepared afresh next time.
      // (Not when it is the connection's begin or commit that is gone: the statement is still there.)
      if (code === INVALID_STATEMENT_NAME && String((error as { message?: unknown }).message).includes(`"${name}"`)) names.delete(text);
      if (code !== FEATURE_NOT_SUPPORTED) throw error;
      names.delete(text);
      if (star && transactionState(client) === 'I') return query(text, values);
      throw error;
    });
  };
  client.query = prepared as typeof client.query;
}

/** Each wrapped connection's deferred `begin` and early commit (begin-with-first-statement.ts, commit-with-last-statement.ts). */
const connectionStates = new WeakMap<pg.PoolClient, { begin: DeferredBegin; commit: CommitWithLast }>();

/** A connection went back to the pool: neither a `begin` it answered but never sent, nor an early commit, stays behind. */
export function forgetConnectionState(client: pg.PoolClient): void {
  const state = connectionStates.get(client);
  state?.begin.forget();
  state?.commit.forget();
}
