import type { ProvisionedGroup, ScimGroupRow } from '../../domain/scim/groups.ts';
import type { ScimPatchOperation } from 'scim-patch';
import { ScimError } from './errors.ts';
import { applyPatch } from './patch.ts';
import { isoTime } from '../../text/iso-time.ts';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** A SCIM Group (RFC 7643 §4.2) of a team; `members` only when they were read. */
export function groupResource(row: ScimGroupRow, base: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.scimExternalId !== null ? { externalId: row.scimExternalId } : {}),
    displayName: row.name,
    ...(row.members ? { members: row.members.map((m) => ({ value: m.id, display: m.email, type: 'User', $ref: `${base}/Users/${m.id}` })) } : {}),
    meta: { resourceType: 'Group', created: isoTime(row.createdAt), lastModified: isoTime(row.lastModified), location: `${base}/Groups/${row.id}` },
  };
}

function memberIdsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ScimError(400, 'invalidValue', 'members: expected a list of {"value": "<user id>"}.');
  if (value.length > 100_000) throw new ScimError(400, 'invalidValue', 'members: at most 100000 per request.');
  return value.map((m, i) => {
    const id = m && typeof m === 'object' ? (m as Record<string, unknown>).value : undefined;
    if (typeof id !== 'string') throw new ScimError(400, 'invalidValue', `members[${i}]: expected {"value": "<user id>"}.`);
    return id.toLowerCase();
  });
}

/**
 * Reads a Group resource as sent (POST, PUT, or after a PATCH). Extra schemas (Entra adds its own
 * group extension) and attributes Guestlist does not hold are accepted and not kept.
 */
export function provisionedGroupOf(body: unknown): ProvisionedGroup {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object (a SCIM Group).');
  const fields = new Map(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const displayName = fields.get('displayname');
  if (typeof displayName !== 'string' || displayName.trim() === '') throw new ScimError(400, 'invalidValue', 'displayName: required.');
  const externalId = fields.get('externalid');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') throw new ScimError(400, 'invalidValue', 'externalId: expected a string.');
  return { name: displayName, externalId: typeof externalId === 'string' ? externalId : null, memberIds: fields.has('members') ? memberIdsOf(fields.get('members')) : undefined };
}

/** The group a PATCH makes of a team: with every member removed the patched resource has no `members`, which then means none. */
export function patchedGroup(row: ScimGroupRow, base: string, operations: readonly ScimPatchOperation[]): ProvisionedGroup {
  const group = provisionedGroupOf(applyPatch(groupResource(row, base), operations));
  return { ...group, memberIds: group.memberIds ?? [] };
}
