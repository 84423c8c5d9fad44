import { createHash, randomBytes } from 'node:crypto';

/** A fresh bearer secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newSecret(prefix: 'gli' | 'glt' | 'glr'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The only form in which secrets are stored and looked up. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
