import type { TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimResult {
  status: number;
  body: any;
  headers: Headers;
}

/** An organization with an admin token (for REST checks) and a scim token (for the provider). */
export async function scimOrg(t: TestApp, slug: string): Promise<{ admin: string; scim: string; scimTokenId: string }> {
  const admin = (await bootstrap(t, slug)).apiToken;
  const created = await call(t, 'POST', `/api/v1/orgs/${slug}/api-tokens`, { token: admin, body: { name: 'identity provider', scope: 'scim' } });
  if (created.status !== 201) throw new Error(`could not create a scim token: ${created.status}`);
  return { admin, scim: created.body.token, scimTokenId: created.body.id };
}

/** One SCIM request through the real app, as a provider sends it (application/scim+json). */
export async function scim(t: TestApp, token: string | null, method: string, path: string, body?: unknown, contentType = 'application/scim+json'): Promise<ScimResult> {
  const headers: Record<string, string> = { accept: 'application/scim+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const res = await t.app.request(`http://localhost:3000/scim/v2${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** `?filter=` with the expression encoded. */
export function filter(expression: string, extra = ''): string {
  return `?filter=${encodeURIComponent(expression)}${extra}`;
}

/** A minimal user as providers create one. */
export function newUser(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [USER], userName: email, name: { givenName: 'Test', familyName: 'Person' }, emails: [{ value: email, type: 'work', primary: true }], active: true, ...extra };
}

export function patch(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}
