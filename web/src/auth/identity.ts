import { ApiError } from '../api/problem';

/** Calls one of the identity endpoints (Better Auth, under /api/auth); errors become ApiError. */
async function identity<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/auth${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed as T;
}

export const signIn = (email: string, password: string) => identity('/sign-in/email', { email, password, rememberMe: true });
export const signUp = (name: string, email: string, password: string) => identity('/sign-up/email', { name, email, password, callbackURL: '/email-verified' });
export const signOut = () => identity('/sign-out', {});
export const requestPasswordReset = (email: string) => identity('/request-password-reset', { email, redirectTo: '/reset-password' });
export const resetPassword = (token: string, newPassword: string) => identity('/reset-password', { token, newPassword });
export const sendVerificationEmail = (email: string) => identity('/send-verification-email', { email, callbackURL: '/email-verified' });

/** What the identity library's error codes mean to a person. */
export function identityMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The server could not be reached. Check your connection and try again.';
  switch (error.code) {
    case 'INVALID_EMAIL_OR_PASSWORD': return 'The email or password is not right.';
    case 'EMAIL_NOT_VERIFIED': return 'Confirm your email address first: use the link we sent you.';
    case 'INVALID_TOKEN': return 'This link has expired or was already used. Ask for a new one.';
    case 'USER_ALREADY_EXISTS': case 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL': return 'An account with this email already exists. Sign in instead.';
    case 'PASSWORD_TOO_SHORT': return 'The password is too short: use at least 8 characters.';
    case 'PASSWORD_TOO_LONG': return 'The password is too long: use at most 128 characters.';
    default: return error.status === 429 ? 'Too many attempts. Wait a minute and try again.' : error.message;
  }
}
