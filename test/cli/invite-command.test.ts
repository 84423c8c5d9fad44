import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readDataLock } from '../../src/storage/data-lock.ts';
import { finished, waitFor, type Outcome } from '../support/child.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'guestlist.mjs');

let dir: string;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guestlist-invite-cli-'));
  dataDir = join(dir, 'data');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Always the embedded folder: the forwarded path exists only there. */
function launch(args: string[]): ChildProcess {
  const env = { PATH: process.env.PATH, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' };
  return spawn(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

const cli = (...args: string[]) => finished(launch(args));

function csv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('guestlist invite, the command', () => {
  test('mistakes in the command line: exit 2 or 1, naming what is wrong', async () => {
    const people = csv('few.csv', 'a@x.test\n');
    const [noRole, badRole, noFile, folder] = await Promise.all([
      cli('invite', '--org', 'demo', '--file', people),
      cli('invite', '--org', 'demo', '--file', people, '--role', 'owner'),
      cli('invite', '--org', 'demo', '--file', join(dir, 'missing.csv'), '--role', 'member'),
      cli('invite', '--org', 'demo', '--file', dir, '--role', 'member'),
    ]);
    expect(noRole).toMatchObject({ code: 2, stderr: expect.stringContaining('--role is required') });
    expect(badRole).toMatchObject({ code: 2, stderr: expect.stringContaining('"owner"') });
    expect(noFile).toMatchObject({ code: 1, stderr: expect.stringMatching(/missing\.csv: no such file/) });
    expect(folder).toMatchObject({ code: 1, stderr: expect.stringContaining('not a file') });
  });

  test('on the embedded database held by a running server, chunks go through the server', { timeout: 120_000 }, async () => {
    const server = launch(['start']);
    const exited = finished(server);
    const [, url] = await waitFor(server, /Guestlist is ready at (\S+)/);
    try {
      // 3,000 lines: more than one forwarded request (each is bounded to 64 KiB).
      const rows = ['email,name,role,teams'];
      for (let i = 0; i < 3_000; i++) rows.push(`person${i}@import.test,,,`);
      rows.push('not-an-address,,,', 'z@import.test,,boss,');
      const file = csv('people.csv', `${rows.join('\n')}\n`);

      const first = await cli('invite', '--org', 'demo', '--file', file, '--role', 'member');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/3002 lines for demo/);
      expect(first.stdout).toMatch(/created +3000/);
      expect(first.stderr).toContain('line 3002: invalid_email');
      expect(first.stderr).toContain('line 3003: unknown_role');

      const again = await cli('invite', '--org', 'demo', '--file', file, '--role', 'member', '--json');
      expect(again.code).toBe(0);
      const summary = JSON.parse(again.stdout);
      expect(summary).toMatchObject({ lines: 3002, outcomes: { member_exists: 3000, invalid_email: 1, unknown_role: 1 }, complete: true });

      const sent = JSON.parse((await cli('invite', '--org', 'demo', '--file', csv('send.csv', 'new@import.test,New Person\nperson1@import.test\n'), '--role', 'guest', '--send', '--json')).stdout);
      expect(sent.outcomes).toEqual({ invited: 2 });

      const unknown = await cli('invite', '--org', 'nope', '--file', file, '--role', 'member');
      expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('No organization "nope"') });

      // Without the lock's secret the route does not exist.
      const forged = await fetch(`${url}/internal/cli/invite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-guestlist-cli-secret': 'guess' },
        body: JSON.stringify({ org: 'demo', role: 'admin', send: false, lines: [[1, 'evil@x.test', '', '', []]] }),
      });
      expect(forged.status).toBe(404);
      expect(readDataLock(dataDir)).toMatchObject({ command: 'start' });
    } finally {
      server.kill('SIGTERM');
    }
    const out = await exited;
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain('evil@x.test');
  });

  test('without a server, the command opens the embedded database itself', { timeout: 60_000 }, async () => {
    const out = await cli('invite', '--org', 'demo', '--file', csv('solo.csv', 'solo@import.test\nperson2@import.test\n'), '--role', 'member', '--json');
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).outcomes).toEqual({ created: 1, member_exists: 1 });
  });
});
