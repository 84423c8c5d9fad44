import { connectionLost, noFreeConnection } from '../storage/connection-errors.ts';

/** What a database error means to a client: the transports (REST problem+json, SCIM) word it their way. */
export interface DatabaseFailure {
  status: 400 | 409 | 503;
  /** REST's problem code. */
  code: 'validation_failed' | 'conflict' | 'retry' | 'database_busy' | 'database_unavailable';
  /** SCIM's scimType (RFC 7644 §3.12), where one applies. */
  scimType?: 'uniqueness' | 'invalidValue';
  message: string;
  /** Seconds to wait before retrying, when waiting helps. */
  retryAfter?: number;
  /** The operator must hear of it (logged): the database is lost, or no connection came free. */
  tellOperator?: true;
}

/**
 * The one reading of PostgreSQL error codes that a request can cause without a bug: bad values,
 * constraint violations, races lost. Undefined for anything else (a bug: log it, answer 500).
 */
export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case '22P02': case '22007': case '22008':
      return { status: 400, code: 'validation_failed', scimType: 'invalidValue', message: 'A value has the wrong format.' };
    case '22021': case '22P05':
      return { status: 400, code: 'validation_failed', scimType: 'invalidValue', message: 'A text value contains a character that cannot be stored (such as NUL).' };
    case '23514': case '23502':
      return { status: 400, code: 'validation_failed', scimType: 'invalidValue', message: 'A value is outside what is allowed.' };
    case '23503':
      return { status: 409, code: 'conflict', message: 'Something this change refers to was removed meanwhile; reload and try again.' };
    case '23505':
      return { status: 409, code: 'conflict', scimType: 'uniqueness', message: 'This would duplicate an existing record.' };
    case '40001': case '40P01':
      return { status: 503, code: 'retry', message: 'A concurrent change won; try again.', retryAfter: 1 };
    case '55P03': case '57014':
      // lock_timeout or statement_timeout: the data is held by other work; the request changed nothing.
      return { status: 503, code: 'database_busy', message: 'The data is busy with other work; try again shortly.', retryAfter: 2 };
    default:
      if (noFreeConnection(error)) return { status: 503, code: 'database_busy', message: 'Every database connection is busy; try again shortly.', retryAfter: 2, tellOperator: true };
      return connectionLost(error)
        ? { status: 503, code: 'database_unavailable', message: 'The database cannot be reached right now; try again shortly.', retryAfter: 5, tellOperator: true }
        : undefined;
  }
}
