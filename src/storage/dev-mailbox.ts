import type { Db } from './db.ts';

export interface MailboxMessage {
  id: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
}

/**
 * What the development mailbox delivered for one organization, newest first. Asked for one
 * address, it also shows that address's account emails (verification, password reset).
 */
export async function listMailbox(db: Db, orgId: string, options: { to?: string | undefined; limit: number }): Promise<MailboxMessage[]> {
  const to = options.to?.toLowerCase();
  let q = db
    .selectFrom('dev_mailbox')
    .select(['id', 'messageId', 'toAddress as to', 'subject', 'text', 'html', 'createdAt'])
    .where((eb) => (to ? eb.or([eb('orgId', '=', orgId), eb('orgId', 'is', null)]) : eb('orgId', '=', orgId)));
  if (to) q = q.where((eb) => eb(eb.fn('lower', ['toAddress']), '=', to));
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}
