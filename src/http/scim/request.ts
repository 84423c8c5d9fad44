import type { Context } from 'hono';
import type { ScimPage } from '../../domain/scim/list.ts';
import { isJsonType } from '../media-type.ts';
import { SCIM_JSON, ScimError } from './errors.ts';

/** The JSON body of a SCIM request: application/scim+json or application/json. */
export async function readScimBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  if (type && !/^application\/scim\+json\b/i.test(type) && !isJsonType(type)) {
    throw new ScimError(400, 'invalidSyntax', 'Send the body as application/scim+json (or application/json).');
  }
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ScimError(400, 'invalidSyntax', 'The body is not valid JSON.');
  }
  if (JSON.stringify(body).includes('\\u0000')) throw new ScimError(400, 'invalidValue', 'The body holds a NUL character, which no attribute may contain.');
  return body;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d{1,30}$/.test(value.trim())) throw new ScimError(400, 'invalidValue', `${name}: expected an integer.`);
  return Math.max(-1, Math.min(Number(value), 1_000_000_000));
}

/** startIndex (1-based; below 1 reads as 1) and count (default 100; negative reads as 0), RFC 7644 §3.4.2.4. */
export function pageOf(c: Context): ScimPage {
  return { startIndex: Math.max(1, integer(c.req.query('startIndex'), 1, 'startIndex')), count: Math.max(0, integer(c.req.query('count'), 100, 'count')) };
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user';

/** Top-level attribute names, lower-cased: the core schema prefix dropped, the enterprise extension kept whole. */
function names(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => {
    const name = s.trim().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '').toLowerCase();
    return name.startsWith(ENTERPRISE) ? ENTERPRISE : name.split('.')[0]!;
  }).filter(Boolean);
}

/** The attributes the caller asked to leave out (excludedAttributes), lower-cased. */
export function excludedOf(c: Context): Set<string> {
  return new Set(names(c.req.query('excludedAttributes')));
}

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) to top-level attributes; id,
 * schemas and meta are always returned.
 */
export function project(c: Context, resource: Record<string, unknown>): Record<string, unknown> {
  const only = names(c.req.query('attributes'));
  const excluded = excludedOf(c);
  if (only.length === 0 && excluded.size === 0) return resource;
  const always = new Set(['id', 'schemas', 'meta']);
  return Object.fromEntries(
    Object.entries(resource).filter(([k]) => always.has(k) || (only.length ? only.includes(k.toLowerCase()) : !excluded.has(k.toLowerCase()))),
  );
}

/** A SCIM JSON response. */
export function scimJson(c: Context, body: unknown, status: 200 | 201 = 200, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': SCIM_JSON, ...headers });
}
