import { createHash, randomBytes } from 'node:crypto';

/** A fresh bearer secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newSecret(prefix: 'gli' | 'glt' | 'glr'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The only form in which secrets are stored and looked up (invitation writes take the same SHA-256 in SQL). */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * `count` fresh secrets as newSecret makes them, from one read of the random source: a send to
 * 100,000 people spent a third of a second asking for 32 bytes at a time.
 */
export function newSecrets(prefix: 'gli', count: number): string[] {
  const bytes = randomBytes(32 * count);
  return Array.from({ length: count }, (_, i) => `${prefix}_${bytes.subarray(32 * i, 32 * (i + 1)).toString('base64url')}`);
}
