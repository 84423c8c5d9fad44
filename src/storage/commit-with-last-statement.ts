import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { answered, lostPrepared, type PgConnection, type Query } from './begin-with-first-statement.ts';

/**
 * A transaction's COMMIT sent with its last statement instead of on its own: one round trip less
 * for a transaction whose code knows which statement ends it (a shared single-invite run: begin
 * with the settings, members, invitations, commit → three). Each round trip on a busy server
 * waits for both processes to be scheduled again, which is where a request's latency goes
 * (bench/RESULTS.md).
 *
 * How: storage code that writes a transaction's last statement appends lastStatementMark(true) to
 * its text (a comment: on the embedded database, and anywhere it is not understood, it changes
 * nothing). On PostgreSQL the connection then writes, after the statement's own Bind/Execute and
 * before its Sync, Bind/Execute of a `commit` prepared once per connection. Should the statement
 * fail, PostgreSQL skips the commit (everything up to the Sync), the transaction stays open and
 * failed, and the rollback Kysely sends ends it, as before. Should the statement succeed, the
 * transaction is committed when its answer arrives; the `commit` Kysely then sends is answered
 * without the server, and any other statement before it is refused (it would run outside the
 * transaction). So the caller must do nothing after a marked statement that could fail: the work
 * is committed. From the moment a marked statement is sent, nothing else may be: a statement queued
 * behind it would run after the commit, outside the transaction.
 *
 * What this does not change: a connection lost while a commit is under way leaves the outcome
 * unknown to the client, as for any commit. The difference is only that the wait for the answer now
 * includes the statement's own execution.
 */

/** Appended to a statement's text to make it the transaction's last (see the top of this file). */
const MARK = '\n-- guestlist: commits the transaction';

/** The mark when `last`, nothing otherwise: `${lastStatementMark(last)}` at the end of a statement. */
export function lastStatementMark(last: boolean): RawBuilder<unknown> {
  return sql.raw(last ? MARK : '');
}

/** Whether a statement's text carries the mark (at its end, but for white space). */
export function endsTransaction(text: string): boolean {
  return text.trimEnd().endsWith(MARK);
}

/** The name `commit` is prepared under on each connection, as it opens (prepared-statements.ts, with `begin`). */
const COMMIT_NAME = 'gl_commit';
export const PREPARE_COMMIT = { name: COMMIT_NAME, text: 'commit' };

/**
 * A statement followed by the prepared `commit`, under the statement's Sync. The commit is written
 * only once the statement's own Execute was: a statement whose values could not be bound ends with
 * a Sync alone (pg closes it), and no commit may follow that.
 */
class ThenCommit extends pg.Query {
  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: PgConnection): void {
    const { sync, execute } = connection;
    const own = { sync: Object.hasOwn(connection, 'sync'), execute: Object.hasOwn(connection, 'execute') };
    let executed = false;
    connection.execute = (config) => {
      executed = true;
      execute.call(connection, config);
    };
    connection.sync = () => {
      if (executed) {
        connection.bind({ statement: COMMIT_NAME });
        execute.call(connection, {});
      }
      sync.call(connection);
    };
    try {
      (pg.Query.prototype as unknown as { prepare(c: PgConnection): void }).prepare.call(this, connection);
    } finally {
      // Back to the connection's methods as they were (its class's, unless something had set its own).
      if (own.sync) connection.sync = sync;
      else delete (connection as Partial<PgConnection>).sync;
      if (own.execute) connection.execute = execute;
      else delete (connection as Partial<PgConnection>).execute;
    }
  }
}

/** Whether a query pg is handed carries a `commit` after its statement (for tests counting statements). */
export function carriesCommit(query: unknown): boolean {
  return query instanceof ThenCommit;
}

/** One connection's commits sent with a last statement. */
export interface CommitWithLast {
  /**
   * Runs a marked statement inside an open transaction, with `commit` in the same round trip;
   * resolves with the statement's own result once both succeeded.
   */
  run(config: { text: string; values: unknown[]; name?: string | undefined }): Promise<unknown>;
  /**
   * For the connection's query wrapper, for every call: undefined when no marked statement was sent
   * in the open transaction; else Kysely's `commit` or `rollback` of a transaction already
   * committed is answered without the server, and anything else is refused (the error to give).
   */
  answerAlone(text: string | undefined): Promise<pg.QueryResult> | Error | undefined;
  /** The connection went back to the pool. */
  forget(): void;
  /** PREPARE_COMMIT could not be prepared as the connection opened: commits are sent apart until it is. */
  unprepared(): void;
}

/** Sends `commit` with marked statements on a connection whose `query` (unwrapped) is `query`. */
export function commitWithLast(query: Query, forgetParsed: (name: string) => void, state: () => string | undefined): CommitWithLast {
  let prepared = true;
  /** 'sent': a marked statement is under way; 'committed': it and its commit succeeded. */
  let ending: 'sent' | 'committed' | undefined;
  /** Counts the connection's users: a marked statement answered after its user let go changes nothing for the next. */
  let user = 0;
  const unprepared = () => {
    prepared = false;
    forgetParsed(COMMIT_NAME);
  };
  const send = async (config: { text: string; values: unknown[]; name?: string | undefined }): Promise<unknown> => {
    if (!prepared) {
      // Not prepared (a connection lost at once, or its statements discarded): the statement, then
      // the commit apart, which prepares it again by running it.
      const result = await query(config);
      await query(PREPARE_COMMIT);
      prepared = true;
      return result;
    }
    const results = await new Promise<unknown>((resolve, reject) => {
      query(new ThenCommit(config, (error, res) => (error ? reject(error) : resolve(res))));
    }).catch((error: unknown) => {
      // The server lost the prepared commit (its statements discarded): this transaction failed
      // with it (the caller's error); the next one commits apart and prepares it again.
      if (lostPrepared(error, COMMIT_NAME)) unprepared();
      throw error;
    });
    // The statement's result, then the commit's.
    return Array.isArray(results) ? results[0] : results;
  };
  return {
    async run(config) {
      ending = 'sent';
      const mine = user;
      try {
        const result = await send(config);
        if (user === mine) ending = 'committed';
        return result;
      } catch (error) {
        // Committed all the same (the rows could not be read, say): Kysely's rollback has nothing to end.
        if (user === mine) ending = state() === 'I' ? 'committed' : undefined;
        throw error;
      }
    },
    answerAlone(text) {
      if (ending === undefined) return undefined;
      if (ending === 'committed' && (text === 'commit' || text === 'rollback')) {
        ending = undefined;
        return Promise.resolve(answered(text.toUpperCase()));
      }
      return new Error('a statement was sent with or after the one that commits its transaction');
    },
    forget() {
      ending = undefined;
      user++;
    },
    unprepared,
  };
}
