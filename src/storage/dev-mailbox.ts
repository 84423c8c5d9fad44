import type { Db } from './db.ts';
import { mailboxLinksDead, withoutDeadLinks } from './mailbox-links.ts';

export interface MailboxMessage {
  id: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
}

/** A message as read: a link that no longer works is shown removed at once, before the sweep removes it at rest. */
const dead = mailboxLinksDead('dev_mailbox');
const columns = [
  'id', 'messageId', 'toAddress as to', 'subject',
  withoutDeadLinks('dev_mailbox', 'text', dead).as('text'),
  withoutDeadLinks('dev_mailbox', 'html', dead).as('html'),
  'createdAt',
] as const;

/**
 * What the development mailbox delivered for one organization, newest first, optionally to one
 * address. Only that organization's rows: account emails (no organization) are never among them.
 */
export async function listOrganizationMailbox(db: Db, orgId: string, options: { to?: string | undefined; limit: number }): Promise<MailboxMessage[]> {
  let q = db.selectFrom('dev_mailbox').select(columns).where('orgId', '=', orgId);
  const to = options.to?.trim().toLowerCase();
  if (to) q = q.where((eb) => eb(eb.fn('lower', ['toAddress']), '=', to));
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/**
 * The account emails (verification, password reset: rows of no organization) delivered to one
 * address, newest first. Callers pass the address of the account that asks, never one it names.
 */
export async function listAccountMailbox(db: Db, accountEmail: string, limit: number): Promise<MailboxMessage[]> {
  return db
    .selectFrom('dev_mailbox')
    .select(columns)
    .where('orgId', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['toAddress']), '=', accountEmail.trim().toLowerCase()))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Keeps one delivered email in the development mailbox. */
export async function insertMailboxMessage(
  db: Db,
  message: { orgId: string | null; notificationId: string; messageId: string; to: string; subject: string; html: string; text: string },
): Promise<void> {
  const { to, ...rest } = message;
  await db.insertInto('dev_mailbox').values({ ...rest, toAddress: to }).execute();
}
