import { sql } from 'kysely';
import type { Db } from '../../src/storage/db.ts';
import { main } from './cleanup.ts';
import { freshDatabase, withOpen } from './database.ts';
import { fmt, report } from './report.ts';
import { api, bootstrapCli, startServer } from './server.ts';
import { cpuSeconds, runNode } from './process.ts';
import { startSmtpPeer } from './smtp.ts';
import { runCount, runs, size, sleep, summarize } from './stats.ts';

/**
 * `history` sent notifications spread over 200 other organizations and the bench organization,
 * created over the last 90 days (what a long-running instance holds).
 */
async function seedHistory(db: Db, orgId: string, history: number): Promise<void> {
  await sql`insert into organizations (slug, name) select 'hist-' || g, 'History ' || g from generate_series(1, 200) g`.execute(db);
  await sql`
    insert into notifications (org_id, channel, kind, recipient, payload, status, attempts, created_at, run_after, sent_at)
    select case when g % 5 = 0 then ${orgId}::uuid else o.id end, 'email', 'invitation', 'h' || g || '@history.test',
      jsonb_build_object('invitationId', gen_random_uuid(), 'email', 'h' || g || '@history.test', 'orgName', 'History'),
      'sent', 1, t, t, t + interval '2 seconds'
    from generate_series(1, ${history}::int) g
    cross join lateral (select now() - (g % 7776000) * interval '1 second' as t) ts
    join (select id, row_number() over (order by slug) - 1 as k from organizations where slug like 'hist-%') o on o.k = g % 200`.execute(db);
  await sql`analyze notifications`.execute(db);
}

/**
 * Email delivery to a local SMTP server (PRODUCT §5: ≥ 500 messages/s): each run queues N
 * invitation emails with one invite call, and the server's own delivery worker sends them to the
 * counting SMTP peer in its own process. The rate is counted at the peer, first message to last.
 * With `history`, that many sent notifications are seeded first (no query may scan them); the
 * server's CPU use while idle (nothing queued) is reported too.
 */
/** The worker's defaults (config.ts: WORKER_CONCURRENCY; SMTP connections as create-worker.ts sets them). */
const WORKER_IN_FLIGHT = Number(process.env.WORKER_CONCURRENCY ?? 16);
const SMTP_CONNECTIONS = Math.min(8, WORKER_IN_FLIGHT);

export function deliveryBenchmark(bench: string, history: number): Promise<void> {
  const N = size('N', 5000);
  return main(async () => {
    const db = await freshDatabase(bench.replace(/-/g, '_'));
    const admin = await bootstrapCli(db, 'bench-mail');
    if (history) {
      const at = performance.now();
      await withOpen(db, (h) => seedHistory(h.db, admin.orgId, history));
      console.log(`  seeded ${history.toLocaleString('en')} sent notifications in ${((performance.now() - at) / 1000).toFixed(1)} s`);
    }
    const smtp = await startSmtpPeer();
    const server = await startServer(db, { SMTP_URL: smtp.url });
    await sleep(1000);
    const cpuAt = cpuSeconds(server.pid);
    await sleep(3000);
    const idleCpu = ((cpuSeconds(server.pid) - cpuAt) / 3) * 100;
    console.log(`email delivery (${db.kind}): ${N.toLocaleString('en')} messages a run${history ? ` over ${history.toLocaleString('en')} of history` : ''}; idle server ${fmt(idleCpu)} % of a core`);
    // The floor, same peer: the product's transport alone (bench/lib/smtp-floor.ts). One floor run
    // follows each measured run, so both see the same load on a shared machine.
    const floorRun = async (): Promise<number> => {
      await smtp.reset();
      const sent = await runNode(['bench/lib/smtp-floor.ts', smtp.url, String(N), String(SMTP_CONNECTIONS), String(WORKER_IN_FLIGHT)], { LOG_LEVEL: 'warn' });
      if (sent.code !== 0) throw new Error(`SMTP floor failed: ${sent.stderr.slice(-500)}`);
      const c = await smtp.waitFor(N, 60_000);
      return ((c.count - 1) / (c.lastAt - c.firstAt)) * 1000;
    };
    const results = await runs(runCount(), async (run) => {
      const n = run < 0 ? Math.min(N, 500) : N;
      await smtp.reset();
      const emails = Array.from({ length: n }, (_, i) => `m${run + 1}-${i}@bench.test`);
      for (let i = 0; i < n; i += 10_000) await api(server, admin, 'POST', `/orgs/${admin.slug}/invitations`, { emails: emails.slice(i, i + 10_000), role: 'member' });
      const c = await smtp.waitFor(n, 60_000);
      const rate = ((c.count - 1) / (c.lastAt - c.firstAt)) * 1000;
      return { n, rate, floor: run < 0 ? NaN : await floorRun() };
    }, (r) => `${r.n} messages at ${Math.round(r.rate)}/s${Number.isNaN(r.floor) ? '' : `, then the floor at ${Math.round(r.floor)}/s (${(r.rate / r.floor).toFixed(2)}×)`}`);
    const peak = server.rss.peak();
    const rate = summarize(results.map((r) => r.rate));
    const floor = summarize(results.map((r) => r.floor));
    const paired = summarize(results.map((r) => r.rate / r.floor));
    report(bench, {
      row: history ? `email delivery, ${history.toLocaleString('en')} of history` : 'email delivery',
      db: db.kind,
      figure: rate,
      unit: 'messages/s',
      details: `idle server ${fmt(idleCpu)} % of a core; server peak RSS ${fmt(peak)} MB; each run over the floor run after it: median ${paired.median.toFixed(2)}×`,
      target: '≥ 500 messages/s',
      pass: rate.median >= 500,
      baseline: { label: 'floor: the same emails through the same SMTP transport, no database or worker', figure: floor, unit: 'messages/s', ratio: rate.median / floor.median },
    });
  });
}
