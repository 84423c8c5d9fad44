/**
 * Email delivery rate to a local SMTP server (target >= 500 messages/s): N invitation emails
 * queued, then delivered by the real worker through pooled SMTP connections.
 *
 *   npm run bench:delivery                       # PGlite
 *   DATABASE_URL=postgres://... npm run bench:delivery
 */
import pino from 'pino';
import { inviteMembers } from '../src/domain/invitations/invite.ts';
import { loadConfig } from '../src/config.ts';
import { workerDeps } from '../src/worker/create-worker.ts';
import { smtpTransport } from '../src/worker/transports/smtp.ts';
import { drain } from '../src/worker/worker.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { startSmtpServer } from '../test/support/smtp.ts';

const TARGET = 500;
const n = Number(process.env.BENCH_N ?? 2000);
const smtp = await startSmtpServer({ parse: false });
const t = await createTestDatabase();
try {
  const config = loadConfig({ SMTP_URL: smtp.url, LOG_LEVEL: 'silent', WORKER_BATCH_SIZE: process.env.WORKER_BATCH_SIZE ?? '50', WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '16', INVITATIONS_PER_DAY_PER_ORG: '100000000' });
  const org = await t.db.insertInto('organizations').values({ slug: 'bench', name: 'Bench', slackWebhookUrl: null }).returning('id').executeTakeFirstOrThrow();
  const access = { orgId: org.id, role: 'admin' as const, actor: { kind: 'system' as const, name: 'bench' } };
  const warm = Array.from({ length: 50 }, (_, i) => `w${i}@bench.test`);
  await inviteMembers(t.db, access, { emails: warm, role: 'member', sendInvite: true, source: 'api' }, config.publicUrl, config.invitationsPerDayPerOrg);
  const transport = smtpTransport(smtp.url, { maxConnections: Number(process.env.BENCH_CONNECTIONS ?? 8) });
  const deps = workerDeps(config, t.db, pino({ level: 'silent' }), transport);
  await drain(deps);
  const emails = Array.from({ length: n }, (_, i) => `u${i}@bench.test`);
  await inviteMembers(t.db, access, { emails, role: 'member', sendInvite: true, source: 'api' }, config.publicUrl, config.invitationsPerDayPerOrg);
  const before = smtp.received.length;
  const started = performance.now();
  const handled = await drain(deps);
  const seconds = (performance.now() - started) / 1000;
  await transport.close();
  const received = smtp.received.length - before;
  if (handled !== n || received !== n) throw new Error(`handled ${handled}, received ${received}, expected ${n}`);
  const rate = n / seconds;
  console.log(`email delivery ${t.kind}: ${n} messages in ${seconds.toFixed(2)} s = ${Math.round(rate)}/s | target >= ${TARGET}/s: ${rate >= TARGET ? 'met' : 'NOT met'}`);
} finally {
  await t.dispose();
  await smtp.close();
}
