import { connectTimedOut } from '../storage/connection-errors.ts';

interface ConnectionError {
  code?: unknown;
  errors?: unknown;
}

function codeOf(err: unknown): string | undefined {
  const e = err as ConnectionError | null;
  if (typeof e?.code === 'string') return e.code;
  // A host with several addresses fails as an AggregateError of one error per address.
  if (Array.isArray(e?.errors)) return codeOf(e.errors[0]);
  return undefined;
}

/**
 * The one line an operator needs when the PostgreSQL named by DATABASE_URL cannot be used (no
 * such database, server unreachable, credentials refused); undefined for any other error.
 */
export function describeDatabaseError(err: unknown, databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return undefined;
  }
  const where = `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres';
  const user = decodeURIComponent(url.username) || 'the default user';
  const elsewhere = 'point DATABASE_URL elsewhere';
  // The pool gave up opening a connection (DATABASE_STATEMENT_TIMEOUT_MS bounds it).
  if (connectTimedOut(err)) {
    return `Cannot connect to PostgreSQL at ${where} (no answer in time): check the host and port in DATABASE_URL, and that the server is up`;
  }
  switch (codeOf(err)) {
    case '3D000':
      return `Database "${database}" does not exist on ${where} (create it, or ${elsewhere})`;
    case 'ECONNREFUSED':
      return `Cannot connect to PostgreSQL at ${where} (connection refused): start it, or ${elsewhere}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to PostgreSQL at ${where} (host not found): check the host in DATABASE_URL`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot connect to PostgreSQL at ${where} (unreachable): check the host and port in DATABASE_URL`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused user "${user}" for database "${database}" (check the user and password in DATABASE_URL)`;
    case '57P03':
      return `PostgreSQL at ${where} is starting up or shutting down; try again shortly`;
    case '53300':
      return `PostgreSQL at ${where} has no connection slots left (lower DATABASE_POOL_SIZE, or raise max_connections)`;
    default:
      return undefined;
  }
}
