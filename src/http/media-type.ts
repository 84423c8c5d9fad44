import type { Context } from 'hono';
import { problemResponse } from './problem.ts';

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json(\s*;.*)?$/i;

/** Whether a Content-Type header names JSON (`application/json`, `application/*+json`, with parameters). */
export function isJsonType(type: string | undefined): boolean {
  return type !== undefined && JSON_TYPE.test(type);
}

/** The 415 problem for a request body that is not JSON. */
export function notJson(c: Context): Response {
  const type = c.req.header('content-type');
  return problemResponse(c, 415, 'unsupported_media_type', `Send the body as application/json (got ${type ?? 'no Content-Type'}).`);
}
