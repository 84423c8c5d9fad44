import type { Db } from '../../storage/db.ts';
import { listAccountMailbox, listOrganizationMailbox, type MailboxMessage } from '../../storage/dev-mailbox.ts';
import type { Actor, OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';

export type { MailboxMessage };

/**
 * An organization's mail in the development mailbox (admins only): only rows of that organization,
 * so an admin never reads another person's account emails, whatever address is asked for.
 */
export async function readOrganizationMailbox(db: Db, access: OrgAccess, options: { to?: string | undefined; limit: number }): Promise<MailboxMessage[]> {
  requireAdmin(access);
  return listOrganizationMailbox(db, access.orgId, options);
}

/**
 * The account emails (verification, password reset) sent to the signed-in account's own address.
 * Only a person signed in as that account reads them; API tokens and organizations never do.
 */
export async function readAccountMailbox(db: Db, actor: Actor, limit: number): Promise<MailboxMessage[]> {
  if (actor.kind !== 'account') throw new DomainError('forbidden', 'Account emails are shown only to the signed-in account they were sent to.');
  return listAccountMailbox(db, actor.email, limit);
}
