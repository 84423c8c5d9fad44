import pg from 'pg';
import { carriesBegin } from '../../src/storage/begin-with-first-statement.ts';
import { carriesCommit } from '../../src/storage/commit-with-last-statement.ts';

/**
 * Records the text of every statement node-postgres sends, from `start()` until `stop()`: tests
 * count the round trips a request makes on PostgreSQL. `unnamed` keeps the texts sent without a
 * prepared statement's name (parsed, analyzed and planned by PostgreSQL every time). A transaction's
 * `begin` sent with its first statement (prepared on each connection as it opens) is recorded
 * before it, and a `commit` sent with a transaction's last statement after it; `roundTrips.count`
 * counts the messages that wait for an answer (a `begin` or a `commit` with its statement is one).
 */
export function statementRecorder() {
  const texts: string[] = [];
  const unnamed: string[] = [];
  const roundTrips = { count: 0 };
  const original = pg.Client.prototype.query;
  return {
    texts,
    unnamed,
    roundTrips,
    start() {
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        roundTrips.count++;
        if (carriesBegin(args[0])) texts.push('begin');
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
        if (text) texts.push(text);
        if (carriesCommit(args[0])) texts.push('commit');
        if (text && !(args[0] as { name?: string } | undefined)?.name) unnamed.push(text);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
    },
    stop() {
      pg.Client.prototype.query = original;
    },
  };
}
