import type { ChildProcess } from 'node:child_process';

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Everything a command wrote, and its exit code, once it has closed. */
export function finished(child: ChildProcess): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves with the first match of `pattern` in the child's stdout. */
export function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  let seen = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      seen += d;
      const match = seen.match(pattern);
      if (match) resolve(match);
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before printing ${pattern}:\n${seen}`)));
  });
}
