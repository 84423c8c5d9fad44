import type { Context, MiddlewareHandler } from 'hono';
import { PASSWORD_MAX } from '../../domain/password.ts';
import { isJsonType, notJson } from '../media-type.ts';
import { problemResponse } from '../problem.ts';

/** Longest text accepted in any identity request field not listed in FIELD_LIMITS. */
const DEFAULT_FIELD_LIMIT = 2048;

/** Bounds of the identity fields that are stored or shown (the database checks the same bounds). */
const FIELD_LIMITS: Record<string, number> = {
  name: 200,
  email: 254,
  newEmail: 254,
  password: PASSWORD_MAX,
  newPassword: PASSWORD_MAX,
  currentPassword: PASSWORD_MAX,
  image: 2048,
};

/** Fields that name where the browser goes next: only our own pages. */
const REDIRECT_FIELDS = ['callbackURL', 'redirectTo', 'errorCallbackURL', 'newUserCallbackURL'];

const CONTROL = /[\u0000-\u001f\u007f]/;

type Issue = { path: string; message: string };

function isOwnUrl(value: string, publicUrl: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return true;
  try {
    return new URL(value).origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

function checkField(key: string, value: unknown, publicUrl: string, path: string, issues: Issue[], depth: number): void {
  if (typeof value === 'string') {
    const limit = FIELD_LIMITS[key] ?? DEFAULT_FIELD_LIMIT;
    if (value.length > limit) issues.push({ path, message: `is longer than ${limit} characters` });
    else if (key !== 'password' && key !== 'newPassword' && key !== 'currentPassword' && CONTROL.test(value)) {
      issues.push({ path, message: 'contains a control character (such as a line break)' });
    } else if (REDIRECT_FIELDS.includes(key) && !isOwnUrl(value, publicUrl)) {
      issues.push({ path, message: 'must be a path on this site' });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= 4) {
    issues.push({ path, message: 'is nested too deeply' });
    return;
  }
  for (const [k, v] of Object.entries(value)) checkField(Array.isArray(value) ? key : k, v, publicUrl, `${path}/${k}`, issues, depth + 1);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Bounds every field of an identity request (sign-up, sign-in, profile, password reset) before
 * the identity library sees it: stored text has a length limit, no field carries control
 * characters that would end up raw in a header or a log, and redirect targets stay on this site.
 * The body (already size-bounded) is read here and handed on unchanged; a body that is not JSON
 * (a form post, which the library would also take) is refused with 415, so none escapes these checks.
 */
export function identityInput(publicUrl: string): MiddlewareHandler {
  return async (c: Context, next) => {
    const issues: Issue[] = [];
    for (const [key, value] of new URL(c.req.url).searchParams) checkField(key, value, publicUrl, `query/${key}`, issues, 1);
    if (c.req.method === 'POST' && c.req.raw.body) {
      const text = await c.req.raw.text();
      if (text.length > 0 && !isJsonType(c.req.header('content-type'))) return notJson(c);
      c.req.raw = new Request(c.req.raw, { body: text });
      checkField('', parseJson(text), publicUrl, '', issues, 0);
    }
    if (issues.length) {
      const detail = issues.map((i) => `${i.path} ${i.message}`).join('; ');
      return problemResponse(c, 400, 'validation_failed', detail, { errors: issues });
    }
    return next();
  };
}
