/**
 * "Send to all pending" (PRODUCT §5: ≤ 5 s to queue 100,000): N pending members, never invited,
 * seeded by SQL into a fresh database each run; then one `POST /orgs/{org}/invitations/send`
 * `{scope:"pending"}` to the real server, timed to its full response (a summary: the counts and
 * at most 100 failures). Meanwhile a probe asks `GET /orgs/{org}` every 25 ms and reports the
 * slowest answer (other requests must keep being served within a few hundred milliseconds). On PostgreSQL each run also times the floor: the same
 * invitation, outbox and audit rows written by SQL alone into raw copies of the tables.
 *
 *   npm run bench:send-pending           BENCH_N=100000, BENCH_RUNS=3
 */
import { main } from './lib/cleanup.ts';
import { freshDatabase, withOpen } from './lib/database.ts';
import { fmt, report } from './lib/report.ts';
import { api, bootstrapCli, startServer } from './lib/server.ts';
import { createRawTables, rawInvitationsOnly } from './lib/raw.ts';
import { seedPendingMembers } from './lib/seed.ts';
import { startSmtpPeer } from './lib/smtp.ts';
import { runCount, runs, size, sleep, summarize } from './lib/stats.ts';

const N = size('N', 100_000);

/** The summary a send to all pending answers: counts, and only the failures (at most 100). */
interface SendReport { counts?: Record<string, number>; results?: unknown[] }

/** Asks `GET` every 25 ms until stopped; the latencies in ms. */
function probe(url: string, token: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.text();
      latencies.push(performance.now() - at);
      await sleep(25);
    }
  })();
  return { stop: async () => { running = false; await loop; return latencies; } };
}

await main(async () => {
  const smtp = await startSmtpPeer();
  console.log(`send to all pending: ${N.toLocaleString('en')} members`);
  let kind: 'postgres' | 'pglite' = 'pglite';
  const results = await runs(runCount(), async (run) => {
    const n = run < 0 ? Math.min(N, 10_000) : N;
    const db = await freshDatabase('send_pending');
    kind = db.kind;
    const admin = await bootstrapCli(db, 'bench-send');
    await withOpen(db, (h) => seedPendingMembers(h.db, admin.orgId, n, `p${run + 1}-`));
    const server = await startServer(db, { SMTP_URL: smtp.url });
    const p = probe(`${server.url}/api/v1/orgs/${admin.slug}`, admin.token);
    await sleep(100);
    server.rss.reset();
    const started = performance.now();
    const body = await api<SendReport>(server, admin, 'POST', `/orgs/${admin.slug}/invitations/send`, { scope: 'pending' });
    const ms = performance.now() - started;
    const latencies = await p.stop();
    const peak = server.rss.peak();
    await server.stop();
    // The floor, same database, same run (PostgreSQL): the same rows by SQL alone into raw copies.
    const raw = db.kind === 'postgres' ? await withOpen(db, async (h) => {
      await createRawTables(h.db);
      return rawInvitationsOnly(h.db, admin.orgId, Array.from({ length: n }, (_, i) => `raw${run + 1}-${i}@bench.test`));
    }) : undefined;
    return { n, ms, raw, slowest: Math.max(...latencies), probes: latencies.length, startRss: server.startRssMb, peak, counts: JSON.stringify(body.counts ?? {}), listed: body.results?.length ?? 0 };
  }, (r) => `${r.n.toLocaleString('en')} queued in ${Math.round(r.ms)} ms${r.raw ? ` (raw insert of the same rows ${Math.round(r.raw)} ms, ratio ${(r.ms / r.raw).toFixed(2)})` : ''}; ${r.probes} probe requests meanwhile, slowest ${Math.round(r.slowest)} ms; server RSS ${Math.round(r.startRss)} MB at start, peak ${Math.round(r.peak)} MB; counts ${r.counts}, ${r.listed} results listed`);
  const raws = results.flatMap((r) => (r.raw === undefined ? [] : [r.raw]));
  const raw = raws.length ? summarize(raws) : undefined;
  const ms = summarize(results.map((r) => r.ms));
  const slowest = summarize(results.map((r) => r.slowest));
  report('send-pending', {
    row: `send to all pending, ${N.toLocaleString('en')} members`,
    db: kind,
    figure: ms,
    unit: 'ms',
    details: `slowest probe request ${fmt(slowest.median)} ms (min ${fmt(slowest.min)}, max ${fmt(slowest.max)}); server peak RSS ${fmt(Math.max(...results.map((r) => r.peak)))} MB`,
    ...(raw ? { baseline: { label: 'floor: an invitation and an outbox row per member and one audit event, by SQL alone (unnest, slices of 5,000)', figure: raw, unit: 'ms', ratio: ms.median / raw.median } } : {}),
    ...(N === 100_000 ? { target: '≤ 5,000 ms to queue (probe: a few hundred ms at most)', pass: ms.median <= 5000 && slowest.median <= 500 } : {}),
  });
});
