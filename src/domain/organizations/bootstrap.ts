import { randomBytes } from 'node:crypto';
import type { Db } from '../../storage/db.ts';
import { findAccountByEmail, insertPasswordAccount } from '../../storage/accounts.ts';
import { grantInstanceAdmin } from '../../storage/instance-admins.ts';
import type { Actor } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../password.ts';
import { createApiToken } from '../tokens/create-token.ts';
import { createOrganization } from './create-organization.ts';

export interface BootstrapInput {
  orgSlug: string;
  orgName: string;
  adminEmail: string;
  /** Used only when the account does not exist yet; generated when missing. */
  adminPassword?: string | undefined;
}

export interface BootstrapResult {
  org: { id: string; slug: string };
  admin: { id: string; email: string; accountId: string; password?: string };
  apiToken: string;
}

/**
 * Creates an organization, its first admin (a new verified account, or an existing one) and an
 * admin API token. Running it again with another slug adds a second organization. The operator
 * runs it, so the admin's account becomes an instance admin (may create organizations itself).
 */
export async function bootstrapOrganization(db: Db, input: BootstrapInput): Promise<BootstrapResult> {
  const email = checkEmail(input.adminEmail);
  if (!email.ok) throw new DomainError('invalid_email', `--admin-email ${email.reason}.`);
  if (input.adminPassword !== undefined && (input.adminPassword.length < PASSWORD_MIN || input.adminPassword.length > PASSWORD_MAX)) {
    throw new DomainError('validation_failed', `--admin-password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
  const system: Actor = { kind: 'system', name: 'bootstrap' };
  let account = await findAccountByEmail(db, email.email.normalized);
  let password: string | undefined;
  if (!account) {
    password = input.adminPassword ?? randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    const name = email.email.display.split('@')[0] ?? 'Admin';
    account = await insertPasswordAccount(db, { email: email.email.normalized, name, passwordHash, emailVerified: true });
  }
  const { org, adminMemberId } = await createOrganization(db, system, {
    slug: input.orgSlug,
    name: input.orgName,
    admin: { accountId: account.id, email: email.email.display, name: account.name },
    source: 'cli',
  });
  await grantInstanceAdmin(db, account.id, 'system:bootstrap');
  const token = await createApiToken(db, { orgId: org.id, actor: system, role: 'admin' }, { name: 'bootstrap', scope: 'admin' });
  return {
    org: { id: org.id, slug: org.slug },
    admin: { id: adminMemberId, email: email.email.display, accountId: account.id, ...(password && input.adminPassword === undefined ? { password } : {}) },
    apiToken: token.token,
  };
}
