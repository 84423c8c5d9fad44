import pg from 'pg';

/**
 * A transaction's BEGIN sent with its first statement instead of on its own: one round trip less
 * for every transaction on PostgreSQL. Kysely asks for `begin` and waits for its answer before the
 * transaction's work runs; on a busy server each round trip waits for both processes to be
 * scheduled (a shared single-invite run was five of them: begin, three statements, commit).
 *
 * How: the connection answers Kysely's `begin` at once without sending it, and writes it before the
 * next statement, in the same write and under the same Sync (extended protocol: Bind and Execute of
 * `begin`, prepared once per connection under BEGIN_NAME, then the statement's own messages, then
 * one Sync; `begin` is never parsed in that write, so the only ParseComplete pg sees is the
 * statement's own, which pg takes as its statement's). Should `begin` fail,
 * PostgreSQL skips everything up to the Sync, so the statement never runs outside the
 * transaction; should the statement fail, the transaction has begun and failed, and the rollback
 * Kysely then sends ends it, as before. A `commit` or `rollback` of a transaction that ran nothing
 * sends nothing. Assumed, as Kysely does: a transaction's statements are sent one at a time. One
 * sent while the first is still unanswered would find the connection not yet in a transaction
 * (pg learns the state from the answer) and would not be prepared the way statements inside one are.
 */

/** What Kysely reads of a result (command, rowCount, rows): for a statement answered without the server. */
export function answered(command: string): pg.QueryResult {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/** The name `begin` is prepared under on each connection (the first transaction of a connection prepares it). */
const BEGIN_NAME = 'gl_begin';
export const PREPARE_BEGIN = { name: BEGIN_NAME, text: 'begin' };

/** What of pg's connection these queries write with. */
export interface PgConnection {
  /** Statements pg takes as prepared on this connection, by name. */
  parsedStatements: Record<string, string>;
  parse(query: { name: string; text: string }): void;
  sync(): void;
  bind(config: { statement: string }): void;
  execute(config: Record<string, unknown>): void;
}

/**
 * Prepares statements under their names without running them: a Parse each, one Sync (`begin` here,
 * `commit` in commit-with-last-statement.ts, together as a connection opens: one round trip).
 */
export class PrepareOnly extends pg.Query {
  private readonly statements: readonly { name: string; text: string }[];

  constructor(statements: readonly { name: string; text: string }[], done: (error: Error | null) => void) {
    super({ text: statements.map((s) => s.text).join('; ') }, done);
    this.statements = statements;
  }

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: PgConnection): void {
    for (const statement of this.statements) {
      connection.parse(statement);
      // pg records only a query's own name as parsed. Nothing runs before this write is answered,
      // and a failure forgets them again (the `done` callback: unprepared).
      connection.parsedStatements[statement.name] = statement.text;
    }
    connection.sync();
  }
}

/** A statement whose messages follow those of a `begin` (prepared already), before its Sync. */
class AfterBegin extends pg.Query {
  /** Always the extended protocol, even for a statement without parameters. */
  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: PgConnection): void {
    connection.bind({ statement: BEGIN_NAME });
    connection.execute({});
    (pg.Query.prototype as unknown as { prepare(c: PgConnection): void }).prepare.call(this, connection);
  }
}

/** Whether a query pg is handed carries a `begin` before its statement (for tests counting statements). */
export function carriesBegin(query: unknown): boolean {
  return query instanceof AfterBegin;
}

/** The statement's own result: the query's results are `begin`'s, then the statement's. */
function statementResult(results: unknown): pg.QueryResult {
  return (Array.isArray(results) ? results[results.length - 1] : results) as pg.QueryResult;
}

/** pg's `client.query`, unwrapped, as these connection helpers call it. */
export type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** One connection's deferred `begin` (see the top of this file). */
export interface DeferredBegin {
  /** Whether Kysely's `begin` was answered and not sent yet. */
  pending(): boolean;
  /**
   * For the connection's query wrapper: answers a `begin`, or a `commit` or `rollback` of a
   * transaction that sent nothing, without the server; undefined for anything else.
   */
  answerAlone(text: string): Promise<pg.QueryResult> | undefined;
  /**
   * Runs a single data statement while a `begin` is pending, in the same round trip (`name` its
   * prepared name, if it has one); the connection's first transaction prepares `begin` first.
   */
  withBegin(config: { text: string; values: unknown[]; name?: string | undefined }): Promise<unknown>;
  /**
   * Runs anything else while a `begin` is pending (a setting, DDL, a callback or a submittable):
   * the `begin` first, then this once it began (a submittable is queued right behind it).
   */
  afterBegin(config: unknown, values?: unknown, callback?: unknown): unknown;
  /** The connection went back to the pool: nothing may stay pending for its next user. */
  forget(): void;
  /** PREPARE_BEGIN could not be prepared as the connection opened: the next transaction prepares it by running it. */
  unprepared(): void;
}

/**
 * Whether an error says the connection's statement prepared under `name` is gone (26000: the
 * server's statements were discarded): `begin` here, `commit` in commit-with-last-statement.ts.
 */
export function lostPrepared(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '26000' && typeof e.message === 'string' && e.message.includes(name);
}

/**
 * Defers `begin` on a connection whose `query` (unwrapped) is `query`; `idle` tells whether the
 * connection is outside a transaction (a `begin` inside one goes to the server as it is);
 * `forgetParsed(name)` makes pg parse that statement again on its next run. The caller prepares
 * PREPARE_BEGIN as the connection opens, ahead of anything queued on it (pg runs its queue in
 * order, so a transaction queued behind may already bind it), and says so when that failed.
 */
export function deferBegin(query: Query, idle: () => boolean, forgetParsed: (name: string) => void): DeferredBegin {
  let pending = false;
  let beginPrepared = true;
  const unprepared = () => {
    beginPrepared = false;
    forgetParsed(BEGIN_NAME);
  };
  /**
   * `begin` on its own, prepared by the way when it is not; one the server lost (26000 after
   * DISCARD ALL, say: nothing ran) is prepared again and run.
   */
  const begin = async (): Promise<void> => {
    try {
      await query(PREPARE_BEGIN);
    } catch (error) {
      if (!lostPrepared(error, BEGIN_NAME)) throw error;
      unprepared();
      await query(PREPARE_BEGIN);
    }
    beginPrepared = true;
  };
  return {
    pending: () => pending,
    answerAlone(text) {
      if (text === 'begin' && !pending && idle()) {
        pending = true;
        return Promise.resolve(answered('BEGIN'));
      }
      if (pending && (text === 'commit' || text === 'rollback')) {
        pending = false;
        return Promise.resolve(answered(text.toUpperCase()));
      }
      return undefined;
    },
    withBegin(config) {
      pending = false;
      const apart = () => begin().then(() => query(config));
      if (!beginPrepared) return apart();
      return new Promise((resolve, reject) => {
        query(new AfterBegin(config, (error, results) => {
          if (!error) return resolve(statementResult(results));
          if (!lostPrepared(error, BEGIN_NAME)) return reject(error);
          // The failed Bind of `begin` skipped the rest: nothing ran, so both go again apart.
          unprepared();
          apart().then(resolve, reject);
        }));
      });
    },
    afterBegin(config, values, callback) {
      pending = false;
      const done = typeof values === 'function' ? values : callback;
      const args = typeof values === 'function' ? [] : [values];
      if (typeof done === 'function') {
        begin().then(() => query(config, ...args, done), (error: unknown) => done(error));
        return undefined;
      }
      if (typeof (config as { submit?: unknown } | null)?.submit === 'function') {
        // pg queues in order: the submittable runs right after the begin.
        begin().catch(() => {});
        return query(config, ...args);
      }
      return begin().then(() => query(config, values));
    },
    forget() {
      pending = false;
    },
    unprepared,
  };
}
