import { ApiError, describeError } from '../api/problem';

/** Which form field each domain error code is about, when it is about one. */
const FIELD_OF_CODE: Record<string, string> = {
  invalid_email: 'email',
  already_member: 'email',
  member_exists: 'email',
  already_invited: 'email',
  role_above_own: 'role',
  team_not_found: 'teams',
  app_not_found: 'apps',
};

/**
 * Puts a problem+json answer on the fields it is about: the validation errors' paths, a detail
 * that starts with a field name ("apps: ..."), or the field a domain code concerns. Returns what
 * belongs to no field (in plain words), or undefined when everything found its field.
 */
export function placeFieldErrors(error: unknown, fields: readonly string[], setFieldError: (field: string, message: string) => void): string | undefined {
  if (!(error instanceof ApiError)) return describeError(error);
  let placed = false;
  for (const field of fields) {
    const message = error.forField(field);
    if (message) {
      setFieldError(field, message);
      placed = true;
    }
  }
  if (placed) return undefined;
  const prefixed = /^(\w+): (.+)$/.exec(error.message);
  if (prefixed && fields.includes(prefixed[1]!)) {
    setFieldError(prefixed[1]!, prefixed[2]!);
    return undefined;
  }
  const field = FIELD_OF_CODE[error.code];
  if (field && fields.includes(field)) {
    setFieldError(field, error.message);
    return undefined;
  }
  return describeError(error);
}
