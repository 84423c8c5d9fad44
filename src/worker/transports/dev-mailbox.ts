import type { Db } from '../../storage/db.ts';
import type { EmailTransport, OutgoingEmail } from './email.ts';

/** With no SMTP server configured, email is "delivered" into the database for admins to read. */
export function devMailboxTransport(db: Db): EmailTransport {
  return {
    name: 'dev-mailbox',
    async send(email: OutgoingEmail) {
      await db
        .insertInto('dev_mailbox')
        .values({ orgId: email.orgId, notificationId: email.notificationId, messageId: email.messageId, toAddress: email.to, subject: email.subject, html: email.html, text: email.text })
        .execute();
    },
    async close() {},
  };
}
