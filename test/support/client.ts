import { bootstrapOrganization, type BootstrapResult } from '../../src/domain/organizations/bootstrap.ts';
import type { TestApp } from './app.ts';

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** A signed-in session (cookie + CSRF token) from signUp/signIn. */
  session?: Session;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Session {
  cookie: string;
  csrf: string;
  accountId: string;
  email: string;
}

/** One request through the real app, in process. */
export async function call<T = any>(t: TestApp, method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.session) {
    headers.cookie = options.session.cookie;
    headers['x-csrf-token'] = options.session.csrf;
    headers.origin = t.config.publicUrl;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await t.app.request(`http://localhost:3000${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A new organization with its admin and an admin API token (as `guestlist bootstrap` makes). */
export async function bootstrap(t: TestApp, slug: string, adminEmail = `admin@${slug}.test`, adminPassword = 'correct horse battery'): Promise<BootstrapResult> {
  return bootstrapOrganization(t.database.db, { orgSlug: slug, orgName: slug.toUpperCase(), adminEmail, adminPassword });
}

/** The id of the API token `bootstrap` made for the organization `slug` (`apiToken` is that token). */
export async function bootstrapTokenId(t: TestApp, slug: string, apiToken: string): Promise<string> {
  const tokens = await call<{ items: { id: string; name: string }[] }>(t, 'GET', `/api/v1/orgs/${slug}/api-tokens`, { token: apiToken });
  return tokens.body.items.find((k) => k.name === 'bootstrap')!.id;
}

function sessionCookie(res: Response): string {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.find((c) => c.includes('session_token'));
  if (!cookie) throw new Error(`no session cookie in response ${res.status}`);
  return cookies.join('; ');
}

async function withCsrf(t: TestApp, cookie: string): Promise<Session> {
  const me = await t.app.request('http://localhost:3000/api/v1/me', { headers: { cookie } });
  if (me.status !== 200) throw new Error(`GET /me answered ${me.status}: ${await me.text()}`);
  const body = (await me.json()) as { csrfToken: string; account: { id: string; email: string } };
  return { cookie, csrf: body.csrfToken, accountId: body.account.id, email: body.account.email };
}

/** Signs in through the identity endpoints and returns a session usable with `call`. */
export async function signIn(t: TestApp, email: string, password = 'correct horse battery'): Promise<Session> {
  const res = await t.app.request('http://localhost:3000/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return withCsrf(t, sessionCookie(res));
}

/** Creates an account through the identity endpoints and returns its session. */
export async function signUp(t: TestApp, email: string, name = 'Test Person', password = 'correct horse battery'): Promise<Session> {
  const res = await t.app.request('http://localhost:3000/api/auth/sign-up/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
    body: JSON.stringify({ email, password, name }),
  });
  if (res.status !== 200) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  return withCsrf(t, sessionCookie(res));
}

/** Follows the verification link queued for this address (what the person would click). */
export async function verifyEmail(t: TestApp, email: string): Promise<void> {
  const row = await t.database.db
    .selectFrom('account_notifications')
    .select('payload')
    .where('recipient', '=', email.toLowerCase())
    .where('kind', '=', 'email_verification')
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  const url = row?.payload.verifyUrl;
  if (typeof url !== 'string') throw new Error(`no verification email queued for ${email}`);
  const res = await t.app.request(url.replace(t.config.publicUrl, 'http://localhost:3000'), { redirect: 'manual' });
  if (res.status >= 400) throw new Error(`verification answered ${res.status}: ${await res.text()}`);
}
