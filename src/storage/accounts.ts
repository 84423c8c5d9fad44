import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';
import { hashSessionToken } from './session-token-hash.ts';

export interface AccountRow {
  id: string;
  email: string;
  name: string;
}

/**
 * Sign-in compares addresses lower-cased, so accounts are stored that way. Callers pass the
 * normalized address (punycode domain), which is also what the identity library accepts.
 */
export function accountEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The address is proven (a verification link, or an invitation link used to accept). */
export async function markAccountVerified(db: Db, accountId: string): Promise<void> {
  await db.updateTable('auth_user').set({ emailVerified: true, updatedAt: new Date() }).where('id', '=', accountId).where('emailVerified', '=', false).execute();
}

export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
  return db.selectFrom('auth_user').select(['id', 'email', 'name']).where('email', '=', accountEmail(email)).executeTakeFirst();
}

/**
 * Creates an email-and-password account in the caller's transaction, in the shape the identity
 * library reads. Fails with a unique violation (23505) when the address already has an account.
 */
export async function insertPasswordAccount(
  db: Db,
  input: { email: string; name: string; passwordHash: string; emailVerified: boolean },
): Promise<AccountRow> {
  const id = randomUUID();
  const now = new Date();
  const user = await db
    .insertInto('auth_user')
    .values({ id, email: accountEmail(input.email), name: input.name, emailVerified: input.emailVerified, image: null, createdAt: now, updatedAt: now })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('auth_account')
    .values({ id: randomUUID(), userId: id, accountId: id, providerId: 'credential', password: input.passwordHash, createdAt: now, updatedAt: now })
    .execute();
  return user;
}

/** Stamps an account's latest sign-in (Account.lastSignInAt). */
export async function recordSignIn(db: Db, accountId: string): Promise<void> {
  await sql`update auth_user set last_sign_in_at = now() where id = ${accountId}`.execute(db);
}

/**
 * Replaces an account's password and ends its sessions and reset links, in one transaction.
 * Returns false when the account has no password sign-in.
 */
export async function replacePassword(db: Db, accountId: string, passwordHash: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('auth_account')
      .set({ password: passwordHash, updatedAt: new Date() })
      .where('userId', '=', accountId)
      .where('providerId', '=', 'credential')
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await sql`delete from auth_session where user_id = ${accountId}`.execute(trx);
    await endPasswordResetLinks(trx, accountId);
    return true;
  });
}

/** Ends every outstanding password-reset link of an account (its tokens are rows of auth_verification). */
export async function endPasswordResetLinks(db: Db, accountId: string): Promise<void> {
  await sql`delete from auth_verification where identifier like 'reset-password:%' and value = ${accountId}`.execute(db);
}

export interface LiveSessionRow {
  sessionId: string;
  expiresAt: Date;
  accountId: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

/** The unexpired session with this token (database clock) and its account, in one indexed read. */
export async function findLiveSession(db: Db, token: string): Promise<LiveSessionRow | undefined> {
  const result = await sql<LiveSessionRow>`
    select s.id as session_id, s.expires_at, u.id as account_id, u.email, u.name, u.email_verified
    from auth_session s join auth_user u on u.id = s.user_id
    where s.token = ${hashSessionToken(token)} and s.expires_at > now()`.execute(db);
  return result.rows[0];
}
