import type { Db } from './db.ts';

export interface MailboxMessage {
  id: string;
  orgId: string;
  kind: string;
  to: string;
  status: string;
  createdAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Email messages of one organization, newest first, with what the message carries (the invite link
 * included). Only for the development mailbox, which exists while no SMTP server is configured.
 */
export async function listMailbox(db: Db, orgId: string, options: { to?: string | undefined; limit: number }): Promise<MailboxMessage[]> {
  let q = db
    .selectFrom('notifications')
    .select(['id', 'orgId', 'kind', 'recipient as to', 'status', 'createdAt', 'payload'])
    .where('orgId', '=', orgId)
    .where('channel', '=', 'email');
  if (options.to) q = q.where((eb) => eb(eb.fn('lower', ['recipient']), '=', options.to!.toLowerCase()));
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}
