/**
 * `npm start` on the embedded database, from command to ready (target <= 3 s): a first start on
 * an empty data folder, then a second start on the same folder.
 *
 *   npm run bench:startup
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TARGET_MS = 3000;

function timeToReady(dataDir: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['start'], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
  });
}

const dir = mkdtempSync(join(tmpdir(), 'guestlist-startup-'));
try {
  const first = await timeToReady(join(dir, 'data'), 3901);
  const second = await timeToReady(join(dir, 'data'), 3902);
  for (const [label, ms] of [['first start (empty folder)', first], ['later start', second]] as const) {
    console.log(`npm start to ready, ${label}: ${Math.round(ms)} ms | target <= ${TARGET_MS} ms: ${ms <= TARGET_MS ? 'met' : 'NOT met'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
