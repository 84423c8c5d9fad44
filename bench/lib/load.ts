import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load-spec.ts';
import { NODE, ROOT } from './process.ts';

export type { BodySpec, LoadResult, LoadSpec } from './load-spec.ts';

/** Runs autocannon in a separate process against the server and returns its figures. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(ROOT, 'bench/lib/load-worker.ts'), [], { cwd: ROOT, execPath: NODE, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    let answered = false;
    child.once('message', (m) => {
      answered = true;
      const reply = m as { result?: LoadResult; error?: string };
      if (reply.result) resolve(reply.result);
      else reject(new Error(`load process: ${reply.error}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load process exited with ${code}`));
    });
    child.send(spec);
  });
}

/** Bearer-token JSON headers for the load process. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** One line describing a load run. */
export function describeLoad(r: LoadResult): string {
  const failed = r.non2xx + r.errors ? `; ${r.non2xx} non-2xx, ${r.errors} errors${r.failures[0] ? ` (${r.failures[0]})` : ''}` : '';
  return `${Math.round(r.rps)} req/s over ${r.durationS.toFixed(1)} s (${r.ok} ok), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${failed}`;
}
