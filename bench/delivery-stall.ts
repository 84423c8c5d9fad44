/**
 * How long a request waits behind the delivery worker on the embedded database (one connection):
 * N invitation emails are queued, the worker delivers them to the development mailbox, and
 * meanwhile a read (the organization) and a settings write run every 50 ms. Prints the slowest
 * and 99th-percentile waits (target: a few hundred milliseconds at most), and how late a 50 ms
 * timer fires meanwhile (requests arrive through the same event loop).
 *
 *   node bench/delivery-stall.ts                 # PGlite, 3000 emails
 */
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { inviteMembers } from '../src/domain/invitations/invite.ts';
import { updateSettings } from '../src/domain/organizations/update-settings.ts';
import { workerDeps } from '../src/worker/create-worker.ts';
import { drain, runSweeps, startWorker } from '../src/worker/worker.ts';
import { createTestDatabase } from '../test/support/database.ts';

const n = Number(process.env.BENCH_N ?? 3000);
const t = await createTestDatabase();
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
try {
  const config = loadConfig({ LOG_LEVEL: 'silent', INVITATIONS_PER_DAY_PER_ORG: '100000000', WORKER_BATCH_SIZE: process.env.WORKER_BATCH_SIZE ?? '50', WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '16' });
  const org = await t.db.insertInto('organizations').values({ slug: 'bench', name: 'Bench', slackWebhookUrl: null }).returning('id').executeTakeFirstOrThrow();
  const access = { orgId: org.id, role: 'admin' as const, actor: { kind: 'system' as const, name: 'bench' } };
  await inviteMembers(t.db, access, { emails: ['warm@bench.test'], role: 'member', sendInvite: true, source: 'api' }, config.publicUrl, config.invitationsPerDayPerOrg);
  const warmAt = performance.now();
  await drain(workerDeps(config, t.db, pino({ level: 'silent' })));
  const warmMs = performance.now() - warmAt;
  for (let i = 0; i < n; i += 1000) {
    const emails = Array.from({ length: Math.min(1000, n - i) }, (_, j) => `u${i + j}@bench.test`);
    await inviteMembers(t.db, access, { emails, role: 'member', sendInvite: true, source: 'api' }, config.publicUrl, config.invitationsPerDayPerOrg);
  }
  const deps = workerDeps(config, t.db, pino({ level: 'silent' }));
  await runSweeps(deps);
  const t0 = performance.now();
  const reads: number[] = [];
  const writes: number[] = [];
  const lags: number[] = [];
  let done = false;
  const probe = (async () => {
    for (let i = 0; !done; i++) {
      let at = performance.now();
      await t.db.selectFrom('organizations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
      reads.push(performance.now() - at);
      at = performance.now();
      await updateSettings(t.db, access, { name: `Bench ${i}` }, { refuseOutboundUrl: async () => undefined });
      writes.push(performance.now() - at);
      at = performance.now();
      await new Promise((r) => setTimeout(r, 50));
      lags.push(performance.now() - at - 50);
      if (process.env.BENCH_TRACE && performance.now() - at > 250) console.log(`lag ${Math.round(performance.now() - at - 50)} ms at ${Math.round(at - t0)} ms`);
    }
  })();
  const started = performance.now();
  const worker = startWorker({ ...deps, options: { ...deps.options, sweepEveryMs: 60_000 } });
  for (;;) {
    const left = await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'queued').executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await probe;
  await worker.stop();
  await runSweeps(deps);
  const sweepAt = performance.now();
  await runSweeps(deps);
  const fmt = (xs: number[]) => `max ${Math.round(Math.max(...xs))} ms, p99 ${Math.round(quantile(xs, 0.99))} ms, median ${Math.round(quantile(xs, 0.5))} ms (${xs.length} samples)`;
  console.log(`first email after start (templates compiled once): ${Math.round(warmMs)} ms`);
  console.log(`delivery of ${n} emails to the development mailbox (${t.kind}): ${seconds.toFixed(1)} s`);
  console.log(`  a read while delivering:            ${fmt(reads)}`);
  console.log(`  a settings write while delivering:  ${fmt(writes)}`);
  console.log(`  event-loop lag (a 50 ms timer's delay): ${fmt(lags)}`);
  console.log(`  one sweep after delivery:           ${Math.round(performance.now() - sweepAt)} ms`);
} finally {
  await t.dispose();
}
