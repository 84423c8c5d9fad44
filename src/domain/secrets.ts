import { createHash, randomBytes } from 'node:crypto';

type SecretPrefix = 'gli' | 'glt' | 'glr';

/** A fresh bearer secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newSecret(prefix: SecretPrefix): string {
  return newSecrets(prefix, 1)[0]!;
}

/**
 * The only form in which secrets are stored and looked up. Invitation writes take the same SHA-256
 * in SQL (invitationTokenHash in storage/invitation-writes.ts); test/http/send-pending.test.ts
 * checks each link's token against the hash stored for it.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * `count` fresh secrets as newSecret makes them, from one read of the random source: a send to
 * 100,000 people spent a third of a second asking for 32 bytes at a time.
 */
export function newSecrets(prefix: SecretPrefix, count: number): string[] {
  const bytes = randomBytes(32 * count);
  return Array.from({ length: count }, (_, i) => `${prefix}_${bytes.subarray(32 * i, 32 * (i + 1)).toString('base64url')}`);
}
