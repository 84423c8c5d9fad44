import type { Context } from 'hono';
import { DomainError, type ErrorCode } from '../../domain/errors.ts';
import { classifyDatabaseError } from '../database-errors.ts';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** A SCIM protocol error raised by the transport itself (syntax, filters, paths). */
export class ScimError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 429 | 500 | 501 | 503;
  readonly scimType: string | undefined;

  constructor(status: ScimError['status'], scimType: string | undefined, message: string) {
    super(message);
    this.status = status;
    this.scimType = scimType;
  }
}

/** The one table from domain error codes to SCIM errors (RFC 7644 §3.12). */
const byCode: Partial<Record<ErrorCode, { status: ScimError['status']; scimType?: string }>> = {
  unauthenticated: { status: 401 },
  forbidden: { status: 403 },
  member_not_found: { status: 404 },
  team_not_found: { status: 404 },
  member_exists: { status: 409, scimType: 'uniqueness' },
  already_member: { status: 409, scimType: 'uniqueness' },
  already_invited: { status: 409, scimType: 'uniqueness' },
  member_deactivated: { status: 409, scimType: 'uniqueness' },
  team_name_taken: { status: 409, scimType: 'uniqueness' },
  last_admin: { status: 409, scimType: 'mutability' },
  invalid_email: { status: 400, scimType: 'invalidValue' },
  validation_failed: { status: 400, scimType: 'invalidValue' },
  daily_invitation_limit: { status: 429 },
  rate_limited: { status: 429 },
};

/** A SCIM Error response; `status` is a string in the body, as RFC 7644 writes it. */
export function scimErrorResponse(c: Context, status: ScimError['status'], detail: string, scimType?: string): Response {
  const body = { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
  const headers: Record<string, string> = { 'content-type': SCIM_JSON };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="scim"';
  if (status === 429) headers['retry-after'] = '3600';
  if (status === 503) headers['retry-after'] = '1';
  return c.body(JSON.stringify(body), status, headers);
}

/** Any error thrown while answering a SCIM request, as a SCIM Error; unexpected ones are logged and answered 500. */
export function scimErrorOf(c: Context, error: unknown, log: (err: unknown) => void): Response {
  if (error instanceof ScimError) return scimErrorResponse(c, error.status, error.message, error.scimType);
  if (error instanceof DomainError) {
    const mapped = byCode[error.code] ?? { status: 400 as const };
    const scimType = error.details?.field === 'filter' ? 'invalidFilter' : mapped.scimType;
    return scimErrorResponse(c, mapped.status, error.message, scimType);
  }
  // Deadlocks and lock timeouts change nothing: the provider retries after Retry-After.
  const failure = classifyDatabaseError(error);
  if (failure?.tellOperator) log(error);
  if (failure) return scimErrorResponse(c, failure.status, failure.message, failure.scimType);
  log(error);
  return scimErrorResponse(c, 500, 'Something went wrong on the server.');
}
