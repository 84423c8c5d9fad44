/**
 * A new person accepts with name and password (PRODUCT §5: one password hash per accept; the
 * hash, not the service, is the limit): N pending invitations seeded by SQL, then autocannon in
 * its own process posts `POST /invite/accept {token, name, password}` with no session. The server
 * runs with a preload that counts crypto.scrypt calls (the product's hash), so hashes per accept
 * are counted, not inferred. One core's hash rate is measured here with the same parameters, and
 * the ratio accepts/s ÷ that rate is printed (2 cores: at most about 2 when one hash is the cost).
 *
 *   npm run bench:accept-new             BENCH_N=150 accepts a run, BENCH_CONNECTIONS=8
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { hashPassword } from '../src/domain/password.ts';
import { defer, main } from './lib/cleanup.ts';
import { freshDatabase, withOpen } from './lib/database.ts';
import { describeLoad, load } from './lib/load.ts';
import { fmt, report } from './lib/report.ts';
import { bootstrapCli, startServer } from './lib/server.ts';
import { seedInvitations, seededToken } from './lib/seed.ts';
import { startSmtpPeer } from './lib/smtp.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';

const N = size('N', 150);
const CONNECTIONS = size('CONNECTIONS', 8);
const WARM = Math.min(N, 30);
const prefix = (run: number) => `n${run + 1}-`;

/** One core's sequential hashes a second with the product's scrypt parameters. */
async function hashesPerSecondOneCore(): Promise<number> {
  await hashPassword('warm up the hash');
  const started = performance.now();
  for (let i = 0; i < 20; i++) await hashPassword(`correct horse battery ${i}`);
  return 20_000 / (performance.now() - started);
}

await main(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'guestlist-bench-hashes-'));
  defer(() => rmSync(folder, { recursive: true, force: true }));
  const countFile = join(folder, 'count');
  const hashes = () => { try { return Number(readFileSync(countFile, 'utf8')); } catch { return 0; } };
  const db = await freshDatabase('accept_new');
  const admin = await bootstrapCli(db, 'bench-new');
  await withOpen(db, async (h) => {
    for (let run = -1; run < runCount(); run++) await seedInvitations(h.db, admin.orgId, run < 0 ? WARM : N, prefix(run));
  });
  const smtp = await startSmtpPeer();
  const server = await startServer(db, { SMTP_URL: smtp.url, BENCH_HASH_COUNT_FILE: countFile }, ['--import', './bench/lib/count-hashes.ts']);
  console.log(`new person accepts (${db.kind}): ${N} accepts a run, ${CONNECTIONS} connections`);
  const results = await runs(runCount(), async (run) => {
    const n = run < 0 ? WARM : N;
    const items = Array.from({ length: n }, (_, i) => ({ body: JSON.stringify({ token: seededToken(prefix(run), i + 1), name: `Person ${i + 1}`, password: 'correct horse battery staple' }) }));
    const before = hashes();
    const r = await load({ url: server.url, method: 'POST', path: '/api/v1/invite/accept', headers: { 'content-type': 'application/json', origin: server.url }, connections: CONNECTIONS, durationS: 0, body: { kind: 'list', items } });
    return { ...r, hashesPerAccept: (hashes() - before) / Math.max(1, r.ok) };
  }, (r) => `${describeLoad(r)}; ${fmt(r.hashesPerAccept)} hashes per accept`);
  await server.stop();
  const oneCore = await hashesPerSecondOneCore();
  const rps = summarize(results.map((r) => r.rps));
  const perAccept = summarize(results.map((r) => r.hashesPerAccept));
  const ok = results.every((r) => r.non2xx + r.errors === 0);
  report('accept-new', {
    row: 'new person accepts (name + password)',
    db: db.kind,
    figure: perAccept,
    unit: 'hashes per accept',
    details: `${fmt(rps.median)} accepts/s (min ${fmt(rps.min)}, max ${fmt(rps.max)}), p99 ${fmt(summarize(results.map((r) => r.latency.p99)).median)} ms${ok ? '' : '; SOME REQUESTS FAILED'}`,
    target: 'one password hash per accept',
    pass: ok && perAccept.median <= 1,
    baseline: { label: 'one core hashes', text: `${fmt(oneCore)}/s; accepts/s ÷ that`, ratio: rps.median / oneCore },
  });
});
