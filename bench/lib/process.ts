import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: every child process runs there. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** This Node (24, with type stripping): children run TypeScript files with it. */
export const NODE = process.execPath;

export { freePort } from '../../test/support/server.ts';

/** Resident memory of a process in MB (VmRSS), or undefined once it has exited. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs`; `peak` since the last `reset`. */
export interface RssSampler {
  peak(): number;
  current(): number;
  reset(): void;
  stop(): void;
}

export function sampleRss(pid: number, everyMs = 50): RssSampler {
  let peak = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    const mb = rssMb(pid);
    if (mb !== undefined && mb > peak) peak = mb;
  }, everyMs);
  timer.unref();
  return {
    peak: () => Math.max(peak, rssMb(pid) ?? 0),
    current: () => rssMb(pid) ?? 0,
    reset: () => { peak = rssMb(pid) ?? 0; },
    stop: () => clearInterval(timer),
  };
}

/** A finished child: exit code and everything it wrote. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` in the repository to its end. */
export function runNode(args: string[], env: Record<string, string>, onStart?: (child: ChildProcess) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    onStart?.(child);
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
