/**
 * Single invites over HTTP (PRODUCT §5: ≥ 1,500 req/s, p99 ≤ 30 ms at 32 connections): autocannon
 * in its own process posts `POST /orgs/{org}/invitations` with a new address each request to the
 * real server (its delivery worker sending to a counting SMTP peer, as in production). Baseline in
 * the same run (PostgreSQL): Better Auth's organization plugin `createInvitation` at the same
 * concurrency, and two floors: raw single-row INSERTs into a copy of the invitations table, and the
 * same statements an invite issues, prepared, over 32 connections without HTTP (rawSingleInvites),
 * one invite a transaction. (The product lets concurrent small invites share a transaction, so it
 * can pass that floor: the floor shows what the statements of one invite cost alone.)
 *
 *   npm run bench:single-invite          BENCH_DURATION=10 (seconds a run), BENCH_RUNS=3
 */
import { main } from './lib/cleanup.ts';
import { freshDatabase } from './lib/database.ts';
import { bearer, describeLoad, load, type LoadResult } from './lib/load.ts';
import { createRawTables, rawSingleInserts, rawSingleInvites } from './lib/raw.ts';
import { fmt, report } from './lib/report.ts';
import { bootstrapCli, startServer } from './lib/server.ts';
import { startSmtpPeer } from './lib/smtp.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';
import { startBetterAuthPeer } from './peers/better-auth.ts';

const CONNECTIONS = 32;
const SECONDS = size('DURATION', 10);

await main(async () => {
  const db = await freshDatabase('single_invite');
  const admin = await bootstrapCli(db, 'bench-single');
  const smtp = await startSmtpPeer();
  const server = await startServer(db, { SMTP_URL: smtp.url });
  console.log(`single invite (${db.kind}): ${CONNECTIONS} connections, ${SECONDS} s a run`);
  const results = await runs<LoadResult>(runCount(), (run) =>
    load({ url: server.url, method: 'POST', path: `/api/v1/orgs/${admin.slug}/invitations`, headers: bearer(admin.token), connections: CONNECTIONS, durationS: run < 0 ? Math.min(3, SECONDS) : SECONDS, body: { kind: 'invite', prefix: `r${run + 1}-` } }),
    describeLoad,
  );
  const rps = summarize(results.map((r) => r.rps));
  const p99 = summarize(results.map((r) => r.latency.p99));
  const peakRss = server.rss.peak();
  await server.stop();
  const ok = results.every((r) => r.non2xx + r.errors === 0);

  let baseline: { label: string; text: string; ratio: number } | undefined;
  if (db.kind === 'postgres') {
    const peer = await startBetterAuthPeer(CONNECTIONS);
    const peerRuns = await runs(runCount(), async (run) => peer.invites(await peer.newOrg(`peer-${run + 2}`), `p${run + 2}-`, CONNECTIONS, run < 0 ? Math.min(3, SECONDS) : SECONDS), (r) => `Better Auth ${Math.round(r.rps)}/s, p99 ${fmt(r.p99)} ms, ${r.errors} errors`);
    const peerRps = summarize(peerRuns.map((r) => r.rps));
    const handle = await db.open();
    let floor;
    let same;
    try {
      await createRawTables(handle.db);
      floor = summarize((await runs(runCount(), () => rawSingleInserts(db.url!, admin.orgId, CONNECTIONS, Math.min(5, SECONDS)), (r) => `raw INSERT ${Math.round(r)} rows/s`)));
      same = summarize((await runs(runCount(), () => rawSingleInvites(db.url!, admin.orgId, admin.slug, CONNECTIONS, Math.min(5, SECONDS)), (r) => `raw same writes ${Math.round(r)} invites/s`)));
    } finally {
      await handle.close();
    }
    baseline = {
      label: 'baseline Better Auth createInvitation',
      text: `${fmt(peerRps.median)} req/s (min ${fmt(peerRps.min)}, max ${fmt(peerRps.max)}), p99 ${fmt(summarize(peerRuns.map((r) => r.p99)).median)} ms; floor raw single INSERT ${fmt(floor.median)} rows/s (min ${fmt(floor.min)}, max ${fmt(floor.max)}); floor with one invite's statements, one invite a transaction, no HTTP (bench/lib/raw.ts rawSingleInvites) ${fmt(same.median)} invites/s (min ${fmt(same.min)}, max ${fmt(same.max)}): product ${fmt(rps.median / same.median)}× of it`,
      ratio: rps.median / peerRps.median,
    };
  }
  report('single-invite', {
    row: 'single invite, 32 connections',
    db: db.kind,
    figure: rps,
    unit: 'req/s',
    details: `p99 ${fmt(p99.median)} ms (min ${fmt(p99.min)}, max ${fmt(p99.max)}); server peak RSS ${fmt(peakRss)} MB${ok ? '' : '; SOME REQUESTS FAILED'}`,
    target: '≥ 1,500 req/s, p99 ≤ 30 ms',
    pass: ok && rps.median >= 1500 && p99.median <= 30,
    ...(baseline ? { baseline } : {}),
  });
});
