import { DomainError } from '../domain/errors.ts';

/** Keyset cursors are opaque base64url JSON arrays of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, of one of the lengths given; validation_failed for anything else. */
export function decodeCursor(cursor: string | undefined, arity: number | readonly number[]): string[] | undefined {
  if (!cursor) return undefined;
  const lengths = typeof arity === 'number' ? [arity] : arity;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && lengths.includes(parsed.length) && parsed.every((v) => typeof v === 'string')) return parsed as string[];
  } catch {
    // fall through
  }
  throw new DomainError('validation_failed', 'query.cursor: not a cursor this API gave out.');
}
