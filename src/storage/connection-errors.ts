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

/**
 * The connection broke without the server saying why: a socket error (SOCKET_LOST), or
 * node-postgres reporting the connection gone ("Connection terminated ...", "... is not queryable":
 * the next statement, or the rollback, after the connection was lost between two statements).
 * Another connection may well work.
 */
export function connectionDropped(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code === 'string') return SOCKET_LOST.has(code);
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && (message.startsWith('Connection terminated') || message.endsWith('is not queryable'));
}

/** The request's connection failed rather than its statement: dropped, or ended or refused by the server. */
export function connectionLost(error: unknown): boolean {
  const code = codeOf(error);
  return (typeof code === 'string' && SERVER_ENDED.has(code)) || connectionDropped(error);
}

/**
 * A condition of the server itself, the same for every statement sent now: the server reported a
 * connection exception, a lack of resources or an operator's intervention (SQLSTATE classes 08, 53,
 * 57P).
 */
export function serverWideFailure(error: unknown): boolean {
  const code = codeOf(error);
  return typeof code === 'string' && /^(08|53|57P)/.test(code);
}
