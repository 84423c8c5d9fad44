import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'guestlist.mjs');
const serverUrl = process.env.DATABASE_URL;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guestlist-cli-errors-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(env: Record<string, string>, ...args: string[]): Promise<Outcome> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** An operator's mistake is one readable message, never a stack trace. */
function expectNoStack(out: Outcome): void {
  expect(out.stderr).not.toMatch(/\n\s+at /);
  expect(out.stdout).not.toMatch(/\n\s+at /);
}

function withDatabase(url: string, name: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  if (user) {
    u.username = user;
    u.password = 'wrong';
  }
  return u.toString();
}

describe('bad configuration (issue 6, tests)', () => {
  test('each bad variable is named; the process exits 1 without a stack trace', async () => {
    const out = await cli({ PORT: 'eighty', TRUST_PROXY: 'sometimes', DATABASE_LOCK_TIMEOUT_MS: '-1', LOG_LEVEL: 'loud' }, 'start');
    expect(out.code).toBe(1);
    for (const name of ['PORT', 'TRUST_PROXY', 'DATABASE_LOCK_TIMEOUT_MS', 'LOG_LEVEL']) expect(out.stderr).toContain(name);
    expectNoStack(out);
  });

  test('an unreachable PostgreSQL server is one line naming it', { timeout: 60_000 }, async () => {
    const out = await cli({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/guestlist' }, 'migrate');
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)/);
    expectNoStack(out);
  });

  test('a server that takes the connection and never answers is one line too, once the deadline passes', { timeout: 60_000 }, async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const out = await cli({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/guestlist`, DATABASE_STATEMENT_TIMEOUT_MS: '300' }, 'migrate');
      expect(out.code).toBe(1);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${port} (no answer in time)`);
      expectNoStack(out);
    } finally {
      silent.close();
    }
  });
});

describe.skipIf(!serverUrl)('a PostgreSQL database that cannot be used (issue 6, item 13)', () => {
  test('a missing database is one line naming it, for start and the other commands', { timeout: 60_000 }, async () => {
    const url = withDatabase(serverUrl!, 'guestlist_nope');
    const host = `${new URL(url).hostname}:${new URL(url).port || '5432'}`;
    for (const command of ['start', 'migrate', 'worker']) {
      const out = await cli({ DATABASE_URL: url }, command);
      expect(out.code, command).toBe(1);
      expect(out.stderr.trim().split('\n'), command).toHaveLength(1);
      expect(out.stderr).toContain(`Database "guestlist_nope" does not exist on ${host} (create it, or point DATABASE_URL elsewhere)`);
      expectNoStack(out);
    }
  });

  test('refused credentials are one line naming the user', { timeout: 60_000 }, async () => {
    const out = await cli({ DATABASE_URL: withDatabase(serverUrl!, 'postgres', 'guestlist_nobody') }, 'migrate');
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/refused user "guestlist_nobody"/);
    expectNoStack(out);
  });
});
