import type { Db } from '../../storage/db.ts';
import { insertMailboxMessage } from '../../storage/dev-mailbox.ts';
import type { EmailTransport, OutgoingEmail } from './email.ts';

/** With no SMTP server configured, email is "delivered" into the database for admins to read. */
export function devMailboxTransport(db: Db): EmailTransport {
  return {
    name: 'dev-mailbox',
    async send(email: OutgoingEmail) {
      await insertMailboxMessage(db, { orgId: email.orgId, notificationId: email.notificationId, messageId: email.messageId, to: email.to, subject: email.subject, html: email.html, text: email.text });
    },
    async close() {},
  };
}
