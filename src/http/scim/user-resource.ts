import type { ProvisionedUser, ScimUserRow } from '../../domain/scim/provisioned-user.ts';
import type { ScimPatchOperation } from 'scim-patch';
import { ScimError } from './errors.ts';
import { applyPatch } from './patch.ts';
import { isoTime } from '../../text/iso-time.ts';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Attributes Guestlist holds in its own columns, derives, or never keeps (the password). */
const NOT_KEPT = new Set(['schemas', 'id', 'meta', 'username', 'externalid', 'active', 'password', 'groups']);

/**
 * What Guestlist shows for attributes the provider never sent (members added by the console or the
 * API, or by a provider that sends no name): the name from the member's name (else the address's
 * local part), split into given and family names; the address as the work email.
 */
function derived(row: ScimUserRow): { name: Record<string, string>; emails: Record<string, unknown>[] } {
  const full = row.name ?? row.email.split('@')[0]!;
  const [given = full, ...rest] = full.split(/\s+/);
  return { name: { formatted: full, givenName: given, familyName: rest.join(' ') || given }, emails: [{ value: row.email, type: 'work', primary: true }] };
}

/** A SCIM User (RFC 7643 §4.1) of a member: what the provider sent, with Guestlist's own fields over it. */
export function userResource(row: ScimUserRow, base: string): Record<string, unknown> {
  const kept = row.scimAttributes ?? {};
  const made = derived(row);
  return {
    schemas: ENTERPRISE_USER_SCHEMA in kept ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: row.id,
    ...(row.scimExternalId !== null ? { externalId: row.scimExternalId } : {}),
    userName: row.email,
    name: made.name,
    ...kept,
    // The member's name is Guestlist's: an admin may rename them.
    displayName: made.name.formatted,
    emails: Array.isArray(kept.emails) && kept.emails.length ? kept.emails : made.emails,
    active: row.status !== 'deactivated',
    groups: row.teams.map((t) => ({ value: t.id, display: t.name, $ref: `${base}/Groups/${t.id}` })),
    meta: { resourceType: 'User', created: isoTime(row.createdAt), lastModified: isoTime(row.lastModified), location: `${base}/Users/${row.id}` },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The user a PATCH makes of a member: the operations applied to the member's resource, read back.
 * Attributes Guestlist derived and the operations left alone are not kept as if the provider had
 * sent them; the member's name changes only when the operations changed it (an admin's rename
 * stands otherwise); a new userName carries the emails that held the old address along.
 */
export function patchedUser(row: ScimUserRow, base: string, operations: readonly ScimPatchOperation[]): ProvisionedUser {
  const original = userResource(row, base);
  const patched = applyPatch(original, operations);
  const user = provisionedUserOf(patched);
  const oldAddress = row.email.toLowerCase();
  if (user.email.toLowerCase() !== oldAddress && Array.isArray(user.attributes.emails)) {
    user.attributes.emails = user.attributes.emails.map((e: unknown) =>
      e && typeof e === 'object' && String((e as Record<string, unknown>).value).toLowerCase() === oldAddress ? { ...e, value: user.email } : e,
    );
  }
  const kept = row.scimAttributes ?? {};
  for (const key of ['name', 'displayName', 'emails'] as const) {
    if (key in kept) continue;
    const made = key === 'emails' ? [original.emails, derived({ ...row, email: user.email }).emails] : [original[key]];
    if (made.some((m) => same(user.attributes[key], m))) delete user.attributes[key];
  }
  const before = provisionedUserOf(original).name;
  return user.name === before ? { ...user, name: row.name } : user;
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
  const attributes = Object.fromEntries(Object.entries(fields).filter(([k, v]) => !NOT_KEPT.has(k.toLowerCase()) && v !== null));
  const enterprise = attributes[ENTERPRISE_USER_SCHEMA];
  if (enterprise && typeof enterprise === 'object' && typeof (enterprise as Record<string, unknown>).manager === 'string') {
    // Entra sends the manager as the manager's id alone; the schema's manager is {value}.
    attributes[ENTERPRISE_USER_SCHEMA] = { ...enterprise, manager: { value: (enterprise as Record<string, unknown>).manager } };
  }
  return { email: userName.trim(), name: nameOf(fields), externalId: typeof externalId === 'string' ? externalId : null, active: readActive(byLower.get('active')), attributes };
}
