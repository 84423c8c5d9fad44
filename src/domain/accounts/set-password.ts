import { randomBytes } from 'node:crypto';
import type { Db } from '../../storage/db.ts';
import { findAccountByEmail, replacePassword } from '../../storage/accounts.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../password.ts';

export interface SetPasswordResult {
  email: string;
  /** Only when it was generated: shown this once. */
  password?: string;
}

/**
 * The operator sets an account's password (e.g. the demo admin's, when the printed one is lost):
 * the given one, or a generated one. Every session of the account ends, and its reset links.
 */
export async function setAccountPassword(db: Db, input: { email: string; password?: string | undefined }): Promise<SetPasswordResult> {
  if (input.password !== undefined && (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX)) {
    throw new DomainError('validation_failed', `--password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
  const email = checkEmail(input.email);
  if (!email.ok) throw new DomainError('invalid_email', `--email ${email.reason}.`);
  const account = await findAccountByEmail(db, email.email.normalized);
  if (!account) throw new DomainError('account_not_found', `No account has the address ${email.email.display}.`);
  const password = input.password ?? randomBytes(12).toString('base64url');
  if (!(await replacePassword(db, account.id, await hashPassword(password)))) {
    throw new DomainError('account_not_found', `The account ${account.email} does not sign in with a password.`);
  }
  return input.password === undefined ? { email: account.email, password } : { email: account.email };
}
