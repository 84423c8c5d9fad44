import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'guestlist.mjs');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guestlist-shutdown-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Collects the child's output and resolves `seen(pattern)` once it has printed a match. */
function watch(child: ChildProcess) {
  let stdout = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d;
    for (const w of waiters) {
      const match = stdout.match(w.pattern);
      if (match) w.resolve(match);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    output: () => stdout,
    exited,
    seen: (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const match = stdout.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`exited ${code} before printing ${pattern}:\n${stdout}`)));
      }),
  };
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('graceful shutdown (issue 6, tests)', () => {
  test('a request in flight when SIGTERM arrives completes; then the process exits 0', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [bin, 'start'], {
      cwd: dir,
      env: { PATH: process.env.PATH, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = watch(child);
    const [, url] = await server.seen(/Guestlist is ready at (\S+)/);
    const [ready] = await server.seen(/^\{.*"msg":"server ready".*$/m);
    expect(ready.match(/"pid":/g)).toHaveLength(1);

    // The request has begun (headers and half its body are in) when the signal arrives.
    const body = JSON.stringify({ token: 'a'.repeat(43) });
    const socket = await open(url!);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`POST /api/v1/invite/preview HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    socket.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    await server.seen(/shutting down/);
    socket.end(body.slice(10));
    await closed;

    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer).toContain('"code":"invitation_not_found"');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/"msg":"stopped"/);
    await expect(open(url!)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
