import type pg from 'pg';

/**
 * How long a connection may leave a statement unanswered before it is taken for dead: the
 * statement timeout (after which the server answers with a cancellation), plus as much again, at
 * least two seconds, for a loaded server or network. Undefined without a statement timeout.
 */
export function answerDeadlineMs(statementTimeoutMs: number | undefined): number | undefined {
  if (!statementTimeoutMs) return undefined;
  return statementTimeoutMs + Math.max(2_000, statementTimeoutMs);
}

/** A statement that sets the session's statement timeout (`select set_config('statement_timeout', '0', false)`). */
const SETS_TIMEOUT = /set_config\(\s*'statement_timeout'\s*,\s*'(\d+)'\s*,\s*false\s*\)/i;
/** One that gives the session back the timeout it was opened with. */
const RESETS_TIMEOUT = /^\s*reset\s+statement_timeout\s*$/i;

/**
 * SQLSTATE connection_failure, as PostgreSQL's own clients report a connection they found broken:
 * a lost connection, and one every statement meets alike (connection-errors.ts), so work shared by
 * several requests is not tried again on a server that is not answering.
 */
const CONNECTION_FAILURE = '08006';

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** The statement each watched connection has asked and not yet had answered: when, and its deadline. */
const asked = new WeakMap<pg.PoolClient, { at: number; deadlineMs: number }>();

/**
 * Whether the connection's statement under way has gone unanswered for over three quarters of its
 * deadline (answerDeadlineMs): past the statement timeout the server answers by, with half the
 * deadline's margin to spare (at least a second), so a statement the server is about to cancel is
 * not taken for one the database left unanswered; the deadline that closes the connection has not
 * passed yet.
 */
export function overdue(client: pg.PoolClient, now = performance.now()): boolean {
  const statement = asked.get(client);
  return statement !== undefined && now - statement.at > statement.deadlineMs * 0.75;
}

/**
 * Closes the connection when a statement goes unanswered past `deadlineMs`
 * (answerDeadlineMs): the statement fails as a lost connection (SQLSTATE 08006), and the pool
 * replaces the connection. Without it a connection whose peer vanished without a word
 * (a half-open socket: a network cut, a failover behind a NAT) holds its statement for as long as
 * the operating system retransmits, around a quarter of an hour, and with it every request waiting
 * to share that statement (token lookups, shared invites). The deadline follows the session's
 * statement timeout: off once a statement such as a migration's `set_config('statement_timeout',
 * '0', false)` has turned it off, back once `reset statement_timeout` has run. The time counts
 * from when the statement is asked for: the service sends one statement at a time on a connection.
 */
export function closeWhenUnanswered(client: pg.PoolClient, deadlineMs: number): void {
  const query = client.query.bind(client) as Query;
  const stream = (client as unknown as { connection: { stream: { destroy(error?: Error): void } } }).connection.stream;
  let deadline: number | undefined = deadlineMs;
  const watched: Query = (config, values, callback) => {
    if (typeof config !== 'string' || typeof values === 'function' || callback !== undefined) return query(config, values, callback);
    const set = SETS_TIMEOUT.exec(config);
    // Runs under the deadline it sets: none when it turns the timeout off.
    const next = set ? answerDeadlineMs(Number(set[1])) : RESETS_TIMEOUT.test(config) ? deadlineMs : deadline;
    const ms = set ? next : deadline;
    const result = query(config, values) as Promise<unknown>;
    const timer = ms === undefined ? undefined : setTimeout(() => {
      stream.destroy(Object.assign(new Error(`The database left a statement unanswered for ${ms} ms; its connection was closed.`), { code: CONNECTION_FAILURE }));
    }, ms);
    if (ms !== undefined) asked.set(client, { at: performance.now(), deadlineMs: ms });
    const answered = () => {
      clearTimeout(timer);
      asked.delete(client);
    };
    result.then(
      () => {
        answered();
        deadline = next;
      },
      answered,
    );
    return result;
  };
  client.query = watched as typeof client.query;
}
