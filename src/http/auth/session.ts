import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setSignedCookie } from 'hono/cookie';
import type { Db } from '../../storage/db.ts';
import { findLiveSession } from '../../storage/accounts.ts';
import type { Auth } from './better-auth.ts';

/** The signed-in person behind a console session cookie. */
export interface SessionPrincipal {
  sessionId: string;
  account: { kind: 'account'; accountId: string; email: string; name: string; emailVerified: boolean };
}

interface CookieSettings {
  sessionCookie: string;
  /** Seconds. */
  expiresIn: number;
  updateAge: number;
  refreshes: boolean;
}

/** The identity library's cookie value: `<token>.<base64 HMAC-SHA256 of the token>`; the token when the signature holds. */
function signedValue(value: string, secret: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return undefined;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return undefined;
  const sent = Buffer.from(signature, 'base64');
  const expected = createHmac('sha256', secret).update(token).digest();
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? token : undefined;
}

/**
 * Reads a session cookie the way the identity library does, in one indexed read (session and
 * account together) instead of its general path: the cookie's signature is checked here, and the
 * session row is read on every request, so a signed-out, expired or deleted session stops working
 * at once. What is not the common case — no live row (the library then clears an expired one), or
 * a session due for its daily extension — goes through the library itself.
 */
export function sessionReader(options: { db: Db; auth: Auth; secret: string }) {
  let settings: Promise<CookieSettings> | undefined;
  const load = () =>
    (settings ??= options.auth.$context.then((ctx) => ({
      sessionCookie: ctx.authCookies.sessionToken.name,
      expiresIn: ctx.sessionConfig.expiresIn,
      updateAge: ctx.sessionConfig.updateAge,
      refreshes: !(ctx.options.session as { disableSessionRefresh?: boolean } | undefined)?.disableSessionRefresh,
    })));

  const throughLibrary = async (c: Context): Promise<SessionPrincipal | undefined> => {
    const result = await options.auth.api.getSession({ headers: c.req.raw.headers });
    if (!result) return undefined;
    const { user } = result;
    return { sessionId: result.session.id, account: { kind: 'account', accountId: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified } };
  };

  return async (c: Context): Promise<SessionPrincipal | undefined> => {
    const cookies = await load();
    const value = getCookie(c, cookies.sessionCookie);
    if (!value) return undefined;
    const token = signedValue(value, options.secret);
    if (!token) return undefined;
    const row = await findLiveSession(options.db, token);
    if (!row) return throughLibrary(c);
    // The library extends a session once a day of use (unless "don't remember me", which it checks).
    if (cookies.refreshes && row.expiresAt.getTime() - cookies.expiresIn * 1000 + cookies.updateAge * 1000 <= Date.now()) return throughLibrary(c);
    return { sessionId: row.sessionId, account: { kind: 'account', accountId: row.accountId, email: row.email, name: row.name, emailVerified: row.emailVerified } };
  };
}

/**
 * Signs an account in on this response without asking for its password again (the caller has
 * just proven who it is, e.g. by creating the account with a password in this request): a session
 * made by the identity library (its hooks run: the sign-in is recorded) and its signed cookie, as
 * the library's own sign-in sets it.
 */
export async function openSession(c: Context, options: { auth: Auth; secret: string }, accountId: string, client: { ipAddress: string }): Promise<void> {
  const ctx = await options.auth.$context;
  const session = await ctx.internalAdapter.createSession(accountId, false, { ipAddress: client.ipAddress, userAgent: c.req.header('user-agent') ?? '' });
  const cookie = ctx.authCookies.sessionToken;
  await setSignedCookie(c, cookie.name, session.token, options.secret, { ...cookie.attributes, maxAge: ctx.sessionConfig.expiresIn });
}
