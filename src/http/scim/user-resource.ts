import type { ProvisionedUser, ScimUserRow } from '../../domain/scim/provisioned-user.ts';
import { ScimError } from './errors.ts';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Attributes Guestlist holds in its own columns, derives, or never keeps (the password). */
const NOT_KEPT = new Set(['schemas', 'id', 'meta', 'username', 'externalid', 'active', 'password', 'groups']);

/** A SCIM User (RFC 7643 §4.1) of a member: what the provider sent, with Guestlist's own fields over it. */
export function userResource(row: ScimUserRow, base: string): Record<string, unknown> {
  const kept = row.scimAttributes ?? {};
  return {
    schemas: ENTERPRISE_USER_SCHEMA in kept ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: row.id,
    ...(row.scimExternalId !== null ? { externalId: row.scimExternalId } : {}),
    userName: row.email,
    ...kept,
    // The member's name is Guestlist's (an admin may rename); given as displayName unless the
    // provider describes the name only by its parts, which then stay the source.
    ...(row.name !== null && ('displayName' in kept || !('name' in kept)) ? { displayName: row.name } : {}),
    emails: Array.isArray(kept.emails) && kept.emails.length ? kept.emails : [{ value: row.email, type: 'work', primary: true }],
    active: row.status !== 'deactivated',
    groups: row.teams.map((t) => ({ value: t.id, display: t.name, $ref: `${base}/Groups/${t.id}` })),
    meta: { resourceType: 'User', created: row.createdAt.toISOString(), lastModified: row.lastModified.toISOString(), location: `${base}/Users/${row.id}` },
  };
}

/** `active` as providers send it: a boolean, or Entra's strings "True" and "False". */
export function readActive(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new ScimError(400, 'invalidValue', `active: expected true or false, got ${JSON.stringify(value).slice(0, 50)}.`);
}

function text(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ScimError(400, 'invalidValue', `${field}: expected a string.`);
  return value.trim() || null;
}

/** The member's name: displayName, else name.formatted, else the given and family names. */
function nameOf(body: Record<string, unknown>): string | null {
  const display = text(body.displayName, 'displayName');
  if (display) return display;
  const name = body.name && typeof body.name === 'object' ? (body.name as Record<string, unknown>) : {};
  const formatted = text(name.formatted, 'name.formatted');
  if (formatted) return formatted;
  const parts = [text(name.givenName, 'name.givenName'), text(name.familyName, 'name.familyName')].filter((p) => p !== null);
  return parts.length ? parts.join(' ') : null;
}

/** Reads a User resource as sent (POST, PUT, or after a PATCH). Attribute names compare case-insensitively for Guestlist's own fields. */
export function provisionedUserOf(body: unknown): ProvisionedUser {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object (a SCIM User).');
  const fields = body as Record<string, unknown>;
  const byLower = new Map(Object.keys(fields).map((k) => [k.toLowerCase(), fields[k]]));
  const userName = byLower.get('username');
  if (typeof userName !== 'string' || userName.trim() === '') throw new ScimError(400, 'invalidValue', 'userName: required, the person\'s email address.');
  const externalId = byLower.get('externalid');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') throw new ScimError(400, 'invalidValue', 'externalId: expected a string.');
  const attributes = Object.fromEntries(Object.entries(fields).filter(([k]) => !NOT_KEPT.has(k.toLowerCase())));
  return { email: userName.trim(), name: nameOf(fields), externalId: typeof externalId === 'string' ? externalId : null, active: readActive(byLower.get('active')), attributes };
}
