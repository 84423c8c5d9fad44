/**
 * The delivery floor (run as its own process, like the server): `n` invitation emails of the
 * product's own rendering and size, sent through the product's SMTP transport with the worker's
 * connection pool and concurrency, with no database, outbox or worker around them. What SMTP and
 * the peer allow on this machine; the benchmark counts the rate at the peer, as for the product.
 *
 *   node bench/lib/smtp-floor.ts <smtp url> <n> <connections> <in flight>
 */
import { smtpTransport } from '../../src/worker/transports/smtp.ts';
import { renderEmail } from '../../src/worker/templates/render.ts';

const [url, n, connections, inFlight] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const email = await renderEmail('invitation', {
  invitationId: '0b6f0c1e-5a7e-4d1b-9a53-6f1d2c3b4a59', memberId: '5d0c7f0a-2b1e-4c3d-8e9f-0a1b2c3d4e5f', email: 'someone@bench.test', name: null,
  orgId: '7a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9', orgName: 'BENCH-MAIL', orgSlug: 'bench-mail', inviterName: 'admin@bench-mail.test', role: 'member',
  expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), acceptUrl: 'http://127.0.0.1:3000/invite/gli_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG', signInUrl: 'http://127.0.0.1:3000/sign-in',
});
const transport = smtpTransport(url, { maxConnections: connections });
let next = 0;
await Promise.all(Array.from({ length: inFlight }, async () => {
  for (let i = next++; i < n; i = next++) {
    await transport.send({ orgId: null, notificationId: String(i), from: 'Guestlist <no-reply@bench.test>', to: `floor${i}@bench.test`, subject: email.subject, html: email.html, text: email.text, messageId: `<floor-${i}@bench.test>` });
  }
}));
await transport.close();
