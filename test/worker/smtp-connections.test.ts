import { afterAll, beforeAll, expect, test } from 'vitest';
import { smtpTransport } from '../../src/worker/transports/smtp.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let smtp: TestSmtpServer;
beforeAll(async () => { smtp = await startSmtpServer({ parse: false }); });
afterAll(async () => { await smtp.close(); });

// Issue 8: nodemailer's pool closed each connection after 100 messages, and the new handshakes
// cost a quarter of the delivery rate. One pooled connection now carries a long run of messages.
test('a pooled SMTP connection carries 300 messages without reconnecting', async () => {
  const transport = smtpTransport(smtp.url, { maxConnections: 1 });
  try {
    for (let i = 0; i < 300; i++) {
      await transport.send({ messageId: `<c${i}@conn.test>`, orgId: null, notificationId: String(i), from: 'a@conn.test', to: `b${i}@conn.test`, subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });
    }
  } finally {
    await transport.close();
  }
  expect({ received: smtp.received.length, connections: smtp.connections }).toEqual({ received: 300, connections: 1 });
});
