/**
 * `npm start` on the embedded database, from command to ready (PRODUCT §5: ≤ 3 s): each run a
 * first start on an empty data folder, then a later start on the same folder, timed until the
 * "Guestlist is ready" line. The later start also reports the server's memory once it has settled
 * (RSS 5 s after ready, with no request) and the most it held meanwhile (VmHWM): the embedded
 * database's share of it is kept for the life of the process.
 *
 *   npm run bench:startup                BENCH_RUNS=3
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, main } from './lib/cleanup.ts';
import { freePort, ROOT } from './lib/process.ts';
import { report } from './lib/report.ts';
import { runCount, runs, sleep, summarize } from './lib/stats.ts';

const TARGET_MS = 3000;
const SETTLE_MS = 5000;

/** `/proc/<pid>/<file>`, or '' once the process is gone. */
function proc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The server's own process under `npm start`: the descendant whose script is the CLI (npm may run
 * it through a shell, whose command line names the script too, so the deepest match wins).
 */
function serverPid(pid: number): number | undefined {
  for (const child of proc(pid, `task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number)) {
    const found = serverPid(child) ?? (proc(child, 'cmdline').split('\0')[1]?.endsWith('src/cli/main.ts') ? child : undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Resident memory now and at its highest so far (VmRSS, VmHWM), in MB. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = proc(pid, 'status');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

interface Start {
  ms: number;
  memory?: { rss: number; peak: number };
}

/** Starts the server on `dataDir` until ready; with `settle`, reads its memory SETTLE_MS later, then stops it. */
function timeToReady(dataDir: string, port: number, settle = false): Promise<Start> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' };
    const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let readyMs = 0;
    const timer = setTimeout(() => { process.kill(-child.pid!, 'SIGKILL'); reject(new Error(`not ready after 60 s:\n${output}`)); }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Guestlist is ready') && !readyMs) {
        readyMs = performance.now() - started;
        clearTimeout(timer);
        void (async () => {
          let memory: Start['memory'];
          if (settle) {
            await sleep(SETTLE_MS);
            const pid = serverPid(child.pid!);
            memory = pid === undefined ? undefined : memoryMb(pid);
          }
          child.once('exit', () => resolve({ ms: readyMs, ...(memory ? { memory } : {}) }));
          process.kill(-child.pid!, 'SIGTERM');
        })();
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
    const first = (await timeToReady(data, await freePort())).ms;
    const later = await timeToReady(data, await freePort(), true);
    return { first, later: later.ms, idle: later.memory?.rss ?? NaN, peak: later.memory?.peak ?? NaN };
  }, (r) => `first start ${Math.round(r.first)} ms, later start ${Math.round(r.later)} ms; server RSS settled ${Math.round(r.idle)} MB, peak ${Math.round(r.peak)} MB`);
  for (const [row, key] of [['npm start to ready, first start (empty folder)', 'first'], ['npm start to ready, later start', 'later']] as const) {
    const figure = summarize(results.map((r) => r[key]));
    report('startup', { row, db: 'pglite', figure, unit: 'ms', target: '≤ 3,000 ms', pass: figure.median <= TARGET_MS });
  }
  const peak = summarize(results.map((r) => r.peak));
  report('startup', {
    row: `server memory idle, ${SETTLE_MS / 1000} s after a later start`, db: 'pglite', figure: summarize(results.map((r) => r.idle)), unit: 'MB RSS',
    details: `peak ${Math.round(peak.median)} MB until then (max ${Math.round(peak.max)})`,
  });
});
