/**
 * Bulk invite (PRODUCT §5: ≤ 0.5 s, and ≤ 4× a raw multi-row INSERT of the same rows): one
 * `POST /orgs/{org}/invitations` with N new addresses (members + invitations + outbox + audit)
 * through the real server over HTTP, timed from the bench process (request to full response).
 * Baseline in the same run: the same number of rows written by `INSERT ... SELECT FROM unnest`,
 * 1,000 rows a statement, into copies of the four tables (PostgreSQL: a scratch schema of the same
 * database; PGlite: an in-process PGlite, since the server holds the data folder). Between runs the
 * delivery worker drains the outbox into the SMTP peer, so each call meets an idle server.
 *
 *   npm run bench:bulk-invite            BENCH_N=10000, BENCH_RUNS=3
 */
import { openDatabase } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { defer, main } from './lib/cleanup.ts';
import { freshDatabase } from './lib/database.ts';
import { createRawTables, rawBulkInsert } from './lib/raw.ts';
import { fmt, report } from './lib/report.ts';
import { api, bootstrapCli, startServer } from './lib/server.ts';
import { startSmtpPeer } from './lib/smtp.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';

const N = size('N', 10_000);

interface InviteReport { counts: Record<string, number> }

await main(async () => {
  const db = await freshDatabase('bulk_invite');
  const admin = await bootstrapCli(db, 'bench-bulk');
  const smtp = await startSmtpPeer();
  const server = await startServer(db, { SMTP_URL: smtp.url });
  // The baseline's database: the same one on PostgreSQL, a fresh in-process one on PGlite.
  const rawDb = db.kind === 'postgres' ? await db.open() : await openDatabase({ dataDir: 'memory://' });
  defer(() => rawDb.close());
  if (db.kind === 'pglite') await migrateToLatest(rawDb.db);
  await createRawTables(rawDb.db);
  const emails = (run: number) => Array.from({ length: N }, (_, i) => `b${run + 1}-${i}@bench.test`);
  let delivered = 0;
  console.log(`bulk invite (${db.kind}): ${N.toLocaleString('en')} addresses a call`);
  const results = await runs(runCount(), async (run) => {
    const list = emails(run);
    server.rss.reset();
    const started = performance.now();
    const body = await api<InviteReport>(server, admin, 'POST', `/orgs/${admin.slug}/invitations`, { emails: list, role: 'member' });
    const callMs = performance.now() - started;
    const peak = server.rss.peak();
    if (body.counts.invited !== N) throw new Error(`expected ${N} invited, got ${JSON.stringify(body.counts)}`);
    delivered += N;
    await smtp.waitFor(delivered, 60_000);
    const rawMs = await rawBulkInsert(rawDb.db, admin.orgId, list.map((e) => `raw-${e}`));
    return { callMs, rawMs, peak };
  }, (r) => `call ${Math.round(r.callMs)} ms, raw insert ${Math.round(r.rawMs)} ms, ratio ${fmt(r.callMs / r.rawMs)}×, server peak RSS ${Math.round(r.peak)} MB`);
  const call = summarize(results.map((r) => r.callMs));
  const raw = summarize(results.map((r) => r.rawMs));
  const ratio = summarize(results.map((r) => r.callMs / r.rawMs));
  report('bulk-invite', {
    row: `bulk invite, one call, ${N.toLocaleString('en')} addresses`,
    db: db.kind,
    figure: call,
    unit: 'ms',
    details: `server peak RSS ${fmt(Math.max(...results.map((r) => r.peak)))} MB${N === 10_000 ? '' : " (§5's target is for 10,000)"}`,
    ...(N === 10_000 ? { target: '≤ 500 ms and ≤ 4× raw insert', pass: call.median <= 500 && ratio.median <= 4 } : {}),
    baseline: { label: 'baseline raw unnest INSERT', figure: raw, unit: 'ms', ratio: ratio.median },
  });
});
