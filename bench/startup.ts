/**
 * `npm start` on the embedded database, from command to ready (PRODUCT §5: ≤ 3 s): each run a
 * first start on an empty data folder, then a later start on the same folder, timed until the
 * "Guestlist is ready" line.
 *
 *   npm run bench:startup                BENCH_RUNS=3
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, main } from './lib/cleanup.ts';
import { freePort, ROOT } from './lib/process.ts';
import { report } from './lib/report.ts';
import { runCount, runs, summarize } from './lib/stats.ts';

const TARGET_MS = 3000;

function timeToReady(dataDir: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' };
    const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => { process.kill(-child.pid!, 'SIGKILL'); reject(new Error(`not ready after 60 s:\n${output}`)); }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Guestlist is ready')) {
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        process.kill(-child.pid!, 'SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); if (!output.includes('Guestlist is ready')) reject(new Error(`exited with ${code}:\n${output}`)); });
  });
}

await main(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'guestlist-startup-'));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  console.log('npm start on the embedded database, command to ready');
  const results = await runs(runCount(), async (run) => {
    const data = join(dir, `data-${run + 1}`);
    const first = await timeToReady(data, await freePort());
    const later = await timeToReady(data, await freePort());
    return { first, later };
  }, (r) => `first start ${Math.round(r.first)} ms, later start ${Math.round(r.later)} ms`);
  for (const [row, key] of [['npm start to ready, first start (empty folder)', 'first'], ['npm start to ready, later start', 'later']] as const) {
    const figure = summarize(results.map((r) => r[key]));
    report('startup', { row, db: 'pglite', figure, unit: 'ms', target: '≤ 3,000 ms', pass: figure.median <= TARGET_MS });
  }
});
