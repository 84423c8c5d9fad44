/**
 * The one reading of how a database connection fails, as node-postgres reports it: used where a
 * request is answered (http/database-errors.ts) and where work shared by several requests decides
 * whether each should try again alone (token lookups, shared invites).
 */

/** SQLSTATEs of a connection the server ended or refused: connection exceptions (not 08P01, a protocol violation: a bug), shutdowns, too many connections. */
const SERVER_ENDED = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '57P04', '57P05', '53300']);
/** Socket errors of a database connection. */
const SOCKET_LOST = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** node-postgres's pool could not open a new connection within its wait (connectionTimeoutMillis, storage/db.ts). */
const CONNECT_TIMED_OUT = 'Connection terminated due to connection timeout';
/** Nor did one of its connections come free within it. */
const NO_FREE_CONNECTION = 'timeout exceeded when trying to connect';

const messageOf = (error: unknown): unknown => (error as { message?: unknown } | null)?.message;

/** A new connection could not be opened within the pool's wait: the server is not answering (or not there). */
export function connectTimedOut(error: unknown): boolean {
  return messageOf(error) === CONNECT_TIMED_OUT;
}

/**
 * The connection broke without the server saying why: a socket error (SOCKET_LOST), or
 * node-postgres reporting the connection gone ("Connection terminated ...", "... is not queryable":
 * the next statement, or the rollback, after the connection was lost between two statements).
 * Another connection may well work. Not a new connection that could not be opened in time: then
 * none can.
 */
export function connectionDropped(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code === 'string') return SOCKET_LOST.has(code);
  const message = messageOf(error);
  return typeof message === 'string' && !connectTimedOut(error) && (message.startsWith('Connection terminated') || message.endsWith('is not queryable'));
}

/**
 * The request's connection failed rather than its statement: dropped, ended or refused by the
 * server, left unanswered (answer-deadline.ts), or not opened in time.
 */
export function connectionLost(error: unknown): boolean {
  const code = codeOf(error);
  return (typeof code === 'string' && SERVER_ENDED.has(code)) || connectionDropped(error) || connectTimedOut(error);
}

/**
 * No pooled connection came free within the pool's wait: every one busy with work (a wait that ran
 * out on a database not answering fails as a connection not established instead, pool-wait.ts).
 * node-postgres's pool says so only in words.
 */
export function noFreeConnection(error: unknown): boolean {
  return messageOf(error) === NO_FREE_CONNECTION;
}

/**
 * A condition of the server itself, the same for every statement sent now: the server reported a
 * connection exception, a lack of resources or an operator's intervention (SQLSTATE classes 08, 53,
 * 57P), or no connection could be had in time.
 */
export function serverWideFailure(error: unknown): boolean {
  const code = codeOf(error);
  return (typeof code === 'string' && /^(08|53|57P)/.test(code)) || connectTimedOut(error) || noFreeConnection(error);
}
