import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { entraSequences, oktaSequences, type ScimSequence } from './provider-sequences.ts';
import { scim, scimOrg } from './support.ts';

// Issue 11: Entra ID's and Okta's request sequences, as their documentation records them
// (test/scim/provider-sequences.md), replayed against the real server step by step.
let t: TestApp;
let org: Awaited<ReturnType<typeof scimOrg>>;
beforeAll(async () => {
  t = await createTestApp();
  org = await scimOrg(t, 'providers');
});
afterAll(async () => { await t.close(); });

function substitute<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`no value for {{${name}}}`);
    return vars[name]!;
  }) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [substitute(k, vars), substitute(v, vars)])) as T;
  return value;
}

/** The path with its query values URL-encoded, as a provider's HTTP client sends them. */
function encodePath(path: string): string {
  const [base, query] = path.split(/\?(.*)/s);
  if (!query) return base!;
  return `${base}?${query.split('&').map((pair) => {
    const [key, value = ''] = pair.split(/=(.*)/s);
    return `${key}=${encodeURIComponent(value)}`;
  }).join('&')}`;
}

function at(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), body);
}

async function replay(sequence: ScimSequence): Promise<void> {
  const vars: Record<string, string> = { run: `${sequence.provider}${Math.random().toString(36).slice(2, 8)}` };
  for (const [i, raw] of sequence.steps.entries()) {
    const step = { ...raw, path: substitute(raw.path, vars), body: substitute(raw.body, vars), expect: substitute(raw.expect, vars) };
    const res = await scim(t, org.scim, step.method, encodePath(step.path), step.body);
    const where = `${sequence.provider} "${sequence.name}" step ${i + 1}: ${step.name} -> ${JSON.stringify(res.body)?.slice(0, 600)}`;
    expect(res.status, where).toBe(step.status);
    if (res.status >= 400) expect(res.body?.schemas, where).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    else if (res.body !== undefined) expect(res.headers.get('content-type'), where).toMatch(/^application\/scim\+json/);
    for (const [path, value] of Object.entries(step.expect ?? {})) expect(at(res.body, path), `${where}\n at ${path}`).toEqual(value);
    for (const [name, path] of Object.entries(raw.capture ?? {})) {
      const captured = at(res.body, path);
      expect(typeof captured, `${where}\n capture ${name} from ${path}`).toBe('string');
      vars[name] = captured as string;
    }
  }
}

describe.each([...entraSequences, ...oktaSequences].map((s) => [`${s.provider}: ${s.name}`, s] as const))('%s', (_, sequence) => {
  test('replays as documented', async () => {
    await replay(sequence);
  });
});

test('after the replays, what the providers left is what REST shows: every SCIM member has source scim and its state', async () => {
  const members = (await call(t, 'GET', '/api/v1/orgs/providers/members?limit=200', { token: org.admin })).body.items as any[];
  const provisioned = members.filter((m) => m.source === 'scim');
  expect(provisioned.length).toBeGreaterThan(0);
  for (const m of provisioned) {
    const res = await scim(t, org.scim, 'GET', `/Users/${m.id}`);
    expect(res.body.active).toBe(m.status !== 'deactivated');
    expect(res.body.userName).toBe(m.email);
  }
});
