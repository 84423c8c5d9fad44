import { NoTarget, scimPatch, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { canonicalPath } from './attribute-names.ts';
import { ScimError } from './errors.ts';

const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const OPS = new Set(['add', 'replace', 'remove']);

/** The operations of a PatchOp message (RFC 7644 §3.5.2), with `op` lower-cased (providers send "Replace", "Add", "Remove"). */
export function patchOperations(body: unknown): ScimPatchOperation[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object (a SCIM PatchOp).');
  const fields = body as Record<string, unknown>;
  const schemas = fields.schemas;
  if (Array.isArray(schemas) && !schemas.includes(PATCH_SCHEMA)) throw new ScimError(400, 'invalidSyntax', `schemas: a PATCH body is a ${PATCH_SCHEMA} message.`);
  const operations = fields.Operations ?? fields.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError(400, 'invalidSyntax', 'Operations: give at least one operation.');
  if (operations.length > 1000) throw new ScimError(400, 'invalidSyntax', 'Operations: at most 1000 in one request.');
  return operations.flatMap((operation, i) => {
    if (!operation || typeof operation !== 'object') throw new ScimError(400, 'invalidSyntax', `Operations[${i}]: expected an object.`);
    const { op, path, value } = operation as Record<string, unknown>;
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (!OPS.has(name)) throw new ScimError(400, 'invalidSyntax', `Operations[${i}].op: expected add, replace or remove, got ${JSON.stringify(op)?.slice(0, 50)}.`);
    if (path !== undefined && typeof path !== 'string') throw new ScimError(400, 'invalidPath', `Operations[${i}].path: expected a string.`);
    if (name === 'remove' && path === undefined) throw new ScimError(400, 'noTarget', `Operations[${i}]: remove needs a path.`);
    if (name !== 'remove' && value === undefined) throw new ScimError(400, 'invalidValue', `Operations[${i}]: ${name} needs a value.`);
    return normalized(name, path === undefined ? undefined : canonicalPath(lowerIds(path)), value);
  }).flatMap(removalsByValue);
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Ids are uuids, compared in lower case (`members[value eq "<ID>"]`). */
const lowerIds = (path: string) => path.replace(UUIDS, (id) => id.toLowerCase());

const MANAGER = /^urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:manager$/i;

/** A manager given as the manager's id alone (Entra) is the schema's {value}. */
function managerValue(path: string, value: unknown): unknown {
  return MANAGER.test(path) && typeof value === 'string' ? { value } : value;
}

/**
 * One operation with the schemas' spelling. A path-less add or replace whose value object names
 * filtered paths (`"emails[type eq \"work\"].value": …`, as Entra sends) becomes one operation per
 * such key; the rest stays one path-less operation, which applies dotted and URN keys itself.
 */
function normalized(op: string, path: string | undefined, value: unknown): ScimPatchOperation[] {
  if (path !== undefined) return [{ op, path, ...(value !== undefined ? { value: managerValue(path, value) } : {}) } as ScimPatchOperation];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [{ op, value } as ScimPatchOperation];
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [canonicalPath(k), v] as const);
  const filtered = entries.filter(([k]) => k.includes('['));
  const plain = entries.filter(([k]) => !k.includes('[')).map(([k, v]) => [k, managerValue(k, v)] as const);
  return [
    ...(plain.length ? [{ op, value: Object.fromEntries(plain) } as ScimPatchOperation] : []),
    ...filtered.map(([k, v]) => ({ op, path: lowerIds(k), value: v }) as ScimPatchOperation),
  ];
}

/**
 * Entra removes group members with `{"op":"Remove","path":"members","value":[{"value":"<id>"}, ...]}`
 * (the items may carry `$ref: null`): each item becomes a removal by `members[value eq "<id>"]`,
 * so the items match on their value alone.
 */
function removalsByValue(operation: ScimPatchOperation): ScimPatchOperation[] {
  const { value } = operation as { value?: unknown };
  if (operation.op !== 'remove' || !Array.isArray(value) || !operation.path || operation.path.includes('[')) return [operation];
  return value.map((item, i) => {
    const id = item && typeof item === 'object' ? (item as Record<string, unknown>).value : undefined;
    if (typeof id !== 'string') throw new ScimError(400, 'invalidValue', `remove ${operation.path}: item ${i} needs a "value".`);
    return { op: 'remove', path: `${operation.path}[value eq ${JSON.stringify(id)}]` } as ScimPatchOperation;
  });
}

/**
 * Applies the operations to a resource, in order, and returns the result (the resource itself is
 * not changed). A replace on a filtered path that matches nothing adds it (Entra relies on this);
 * removing something that is not there is not an error (a provider's retry must not fail).
 */
export function applyPatch<T extends Record<string, unknown>>(resource: T, operations: readonly ScimPatchOperation[]): T {
  let current = structuredClone(resource) as unknown as ScimResource;
  for (const [i, operation] of operations.entries()) {
    try {
      current = scimPatch(current, [operation], { mutateDocument: false, treatMissingAsAdd: true });
    } catch (error) {
      const noTarget = error instanceof NoTarget;
      if (operation.op === 'remove' && noTarget) continue;
      throw new ScimError(400, noTarget ? 'noTarget' : 'invalidPath', `Operations[${i}]: ${(error as Error).message}`);
    }
  }
  return current as unknown as T;
}
