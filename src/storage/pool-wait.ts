import type { PostgresPool } from 'kysely';
import type pg from 'pg';
import { noFreeConnection } from './connection-errors.ts';

/** SQLSTATE sqlclient_unable_to_establish_sqlconnection: a connection-exception, as connection-errors.ts reads it. */
const NOT_ESTABLISHED = '08001';

/**
 * The pool as Kysely asks it for connections, telling a wait that ran out on a database not
 * answering from one that ran out on busy connections. node-postgres's pool says "timeout exceeded
 * when trying to connect", every connection busy, in both cases: its wait is as long as the answer
 * deadline (db.ts), so a request that queued behind a connection whose statement goes unanswered
 * runs out a moment before or after that connection is closed for it (answer-deadline.ts); and the
 * pool goes on timing a request after handing it a connection still being opened in place of a
 * closed one. `notAnswering` says whether the database is what kept the request waiting (db.ts:
 * fewer connections handed out than the pool holds — closed or being opened — or one with a
 * statement overdue); then the request fails as a connection that could not be established, as the
 * ones it waited behind did.
 */
export function poolAskedByKysely(pool: pg.Pool, notAnswering: () => boolean): PostgresPool {
  return {
    connect: async () => {
      try {
        return await pool.connect();
      } catch (error) {
        if (!noFreeConnection(error) || !notAnswering()) throw error;
        throw Object.assign(new Error('No database connection came free in time: the database is not answering them.', { cause: error }), { code: NOT_ESTABLISHED });
      }
    },
    end: () => pool.end(),
  };
}
