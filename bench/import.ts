/**
 * CSV import of 100,000 addresses (PRODUCT §5: ≤ 10 s, memory flat; server ≤ 250 MB RSS during
 * it): writes people.csv (email,name,role,teams) to a temporary folder and runs
 * `guestlist invite --org <slug> --file people.csv --role member` as its own process against a
 * fresh database with the server running (on PGlite the command goes through the server), timing
 * it from start to exit and sampling the RSS of the server and of the command. Add --send with
 * BENCH_IMPORT_SEND=1. A missing command is reported as a MISS, not a crash.
 *
 *   npm run bench:import                 BENCH_N=100000 rows, BENCH_RUNS=3
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, main } from './lib/cleanup.ts';
import { freshDatabase, type DbKind } from './lib/database.ts';
import { runNode, sampleRss, type RssSampler } from './lib/process.ts';
import { fmt, report } from './lib/report.ts';
import { bootstrapCli, startServer } from './lib/server.ts';
import { startSmtpPeer } from './lib/smtp.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';

const N = size('N', 100_000);
const SEND = process.env.BENCH_IMPORT_SEND === '1';

function writeCsv(file: string, n: number, prefix: string): void {
  const lines = ['email,name,role,teams'];
  for (let i = 1; i <= n; i++) lines.push(`${prefix}${i}@import.test,Person ${i},member,`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

class Unavailable extends Error {}

await main(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'guestlist-bench-import-'));
  defer(() => rmSync(folder, { recursive: true, force: true }));
  const smtp = await startSmtpPeer();
  let kind: DbKind = 'pglite';
  console.log(`CSV import: ${N.toLocaleString('en')} rows a run${SEND ? ', --send' : ''}`);
  let results;
  try {
    results = await runs(runCount(), async (run) => {
      const n = run < 0 ? Math.min(N, 1000) : N;
      const file = join(folder, `people-${run + 1}.csv`);
      writeCsv(file, n, `i${run + 1}-`);
      const db = await freshDatabase('import');
      kind = db.kind;
      const admin = await bootstrapCli(db, 'bench-import');
      const server = await startServer(db, { SMTP_URL: smtp.url });
      const idle = server.rss.current();
      server.rss.reset();
      let cli: RssSampler | undefined;
      const started = performance.now();
      const done = await runNode(['src/cli/main.ts', 'invite', '--org', admin.slug, '--file', file, '--role', 'member', ...(SEND ? ['--send'] : []), '--json'], { ...db.env, LOG_LEVEL: 'warn', INVITATIONS_PER_DAY_PER_ORG: '100000000' }, (child) => { cli = sampleRss(child.pid!); });
      const ms = performance.now() - started;
      cli?.stop();
      const serverPeak = server.rss.peak();
      await server.stop();
      if (done.code === 2 && /unknown command/.test(done.stderr)) throw new Unavailable('command not available (`guestlist invite` is unknown)');
      if (done.code !== 0) throw new Unavailable(`the command failed (exit ${done.code}): ${done.stderr.trim().slice(0, 300)}`);
      // Every line must have become what was asked (invited with --send, created without): a run that
      // failed lines (the daily cap, say) would measure less than the row says.
      const outcomes = (JSON.parse(done.stdout.trim().split('\n').at(-1) ?? '{}') as { outcomes?: Record<string, number> }).outcomes ?? {};
      const wanted = SEND ? 'invited' : 'created';
      if (outcomes[wanted] !== n) throw new Error(`expected ${n} ${wanted}, the command reported ${JSON.stringify(outcomes)}`);
      return { n, ms, idle, serverPeak, cliPeak: cli?.peak() ?? 0 };
    }, (r) => `${r.n.toLocaleString('en')} rows in ${Math.round(r.ms)} ms; server RSS idle ${Math.round(r.idle)} MB, peak ${Math.round(r.serverPeak)} MB; command peak ${Math.round(r.cliPeak)} MB`);
  } catch (err) {
    if (!(err instanceof Unavailable)) throw err;
    for (const [row, target] of [['CLI import of 100,000 addresses', '≤ 10,000 ms'], ['server memory during the 100,000 import', '≤ 250 MB RSS']]) {
      report('import', { row: row!, db: kind, figure: summarize([]), unit: '', target, pass: false, unavailable: err.message });
    }
    return;
  }
  const ms = summarize(results.map((r) => r.ms));
  const serverPeak = summarize(results.map((r) => r.serverPeak));
  const cliPeak = summarize(results.map((r) => r.cliPeak));
  const full = N === 100_000;
  report('import', {
    row: `CLI import of ${N.toLocaleString('en')} addresses`, db: kind, figure: ms, unit: 'ms',
    details: `command peak RSS ${fmt(cliPeak.median)} MB (max ${fmt(cliPeak.max)})`,
    ...(full ? { target: '≤ 10,000 ms, memory flat', pass: ms.median <= 10_000 } : {}),
  });
  report('import', {
    row: `server memory during the ${N.toLocaleString('en')} import`, db: kind, figure: serverPeak, unit: 'MB peak RSS',
    details: `idle before ${fmt(summarize(results.map((r) => r.idle)).median)} MB`,
    ...(full ? { target: '≤ 250 MB RSS', pass: serverPeak.max <= 250 } : {}),
  });
});
