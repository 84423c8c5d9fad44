import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { classifyDatabaseError } from './database-errors.ts';
import { DomainError, errorCodes, type ErrorCode } from '../domain/errors.ts';

/** HTTP status for each domain code: the only place where the domain meets HTTP. */
const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  invalid_email: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  org_not_found: 404,
  request_not_found: 404,
  request_not_open: 409,
  request_link_invalid: 404,
  org_slug_taken: 409,
  member_not_found: 404,
  invitation_not_found: 404,
  invitation_expired: 410,
  invitation_revoked: 410,
  invitation_accepted: 410,
  invitation_declined: 410,
  invitation_superseded: 410,
  invitation_not_resendable: 409,
  invitation_not_revocable: 409,
  invitation_email_mismatch: 403,
  email_not_verified: 403,
  account_exists: 409,
  already_member: 409,
  already_invited: 409,
  member_exists: 409,
  member_deactivated: 409,
  member_not_pending: 409,
  member_never_joined: 409,
  notifications_disabled: 409,
  last_admin: 409,
  role_above_own: 403,
  app_not_found: 404,
  app_name_taken: 409,
  team_not_found: 404,
  team_name_taken: 409,
  token_not_found: 404,
  account_not_found: 404,
  notification_not_found: 404,
  notification_not_retryable: 409,
  slack_webhook_url_refused: 400,
  batch_too_large: 413,
  rate_limited: 429,
  org_creation_restricted: 403,
  daily_invitation_limit: 429,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

/** An RFC 9457 problem+json response. */
export function problemResponse(c: Context, status: ContentfulStatusCode, code: string, detail?: string, extra: Record<string, unknown> = {}): Response {
  const body: Problem = {
    type: `https://guestlist.dev/problems/${code.replaceAll('_', '-')}`,
    title: code in errorCodes ? errorCodes[code as ErrorCode] : code.replaceAll('_', ' '),
    status,
    code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

/**
 * Seconds a client should wait before trying again, for the codes that answer "not now". The
 * daily cap counts a rolling 24 hours: room comes back as earlier sends age out; look in an hour.
 */
const retryAfterOf: Partial<Record<ErrorCode, string>> = { daily_invitation_limit: '3600' };

export function domainProblem(c: Context, error: DomainError): Response {
  const wait = error.details?.retryAfterSeconds;
  const retryAfter = typeof wait === 'number' ? String(wait) : retryAfterOf[error.code];
  if (retryAfter) c.header('retry-after', retryAfter);
  return problemResponse(c, statusOf[error.code], error.code, error.message, error.details ?? {});
}

/** Maps any thrown value to a response without leaking internals. */
export function errorResponse(c: Context, error: unknown, log: (err: unknown) => void): Response {
  if (error instanceof DomainError) return domainProblem(c, error);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 404 ? 'not_found' : 'bad_request';
    return problemResponse(c, status, code, error.message || undefined);
  }
  const failure = classifyDatabaseError(error);
  if (failure) {
    // The operator must hear of a lost database connection (the pool reports only idle ones) and of a pool with none free.
    if (failure.tellOperator) log(error);
    // A lost race answers 503 'retry' without Retry-After, as before; a busy or unreachable database says when to come back.
    if (failure.code !== 'retry' && failure.retryAfter) c.header('retry-after', String(failure.retryAfter));
    return problemResponse(c, failure.status, failure.code, failure.message);
  }
  log(error);
  return problemResponse(c, 500, 'internal_error', 'Something went wrong on our side.');
}
