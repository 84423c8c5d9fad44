import { fork } from 'node:child_process';
import { join } from 'node:path';
import { defer } from './cleanup.ts';
import { NODE, ROOT } from './process.ts';
import { sleep } from './stats.ts';

/** What the SMTP peer received since its last reset; times comparable with stats.now(). */
export interface SmtpCount {
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface SmtpPeer {
  url: string;
  pid: number;
  count(): Promise<SmtpCount>;
  reset(): Promise<SmtpCount>;
  /** Resolves once `n` messages arrived since the reset; throws after `timeoutMs` without progress. */
  waitFor(n: number, timeoutMs?: number): Promise<SmtpCount>;
}

/** Forks the counting SMTP server (smtp-peer.ts); it is stopped when the benchmark ends. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const child = fork(join(ROOT, 'bench/lib/smtp-peer.ts'), [], { cwd: ROOT, execPath: NODE, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  defer(() => {
    if (child.connected) child.send({ ask: 'stop' });
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`SMTP peer exited with ${code}`)));
  });
  const ask = (what: 'count' | 'reset') =>
    new Promise<SmtpCount>((resolve) => {
      child.once('message', (m) => resolve(m as SmtpCount));
      child.send({ ask: what });
    });
  let queue: Promise<unknown> = Promise.resolve();
  const serial = (what: 'count' | 'reset') => {
    const next = queue.then(() => ask(what));
    queue = next;
    return next;
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid!,
    count: () => serial('count'),
    reset: () => serial('reset'),
    waitFor: async (n, timeoutMs = 30_000) => {
      let seen = -1;
      let progressAt = Date.now();
      for (;;) {
        const c = await serial('count');
        if (c.count >= n) return c;
        if (c.count !== seen) {
          seen = c.count;
          progressAt = Date.now();
        } else if (Date.now() - progressAt > timeoutMs) {
          throw new Error(`SMTP peer: ${c.count} of ${n} messages, none for ${timeoutMs / 1000} s`);
        }
        await sleep(20);
      }
    },
  };
}
