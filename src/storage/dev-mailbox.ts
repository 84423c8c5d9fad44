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

/** What the development mailbox delivered for one organization, newest first. */
export async function listMailbox(db: Db, orgId: string, options: { to?: string | undefined; limit: number }): Promise<MailboxMessage[]> {
  let q = db
    .selectFrom('dev_mailbox')
    .select(['id', 'messageId', 'toAddress as to', 'subject', 'text', 'html', 'createdAt'])
    .where('orgId', '=', orgId);
  if (options.to) q = q.where((eb) => eb(eb.fn('lower', ['toAddress']), '=', options.to!.toLowerCase()));
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}
