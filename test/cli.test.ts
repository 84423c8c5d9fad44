import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lockPath, readDataLock } from '../src/storage/data-lock.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { finished, waitFor, type Outcome } from './support/child.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'guestlist.mjs');
/** PostgreSQL when the suite runs with DATABASE_URL; the embedded, lock-guarded folder otherwise. */
const onPostgres = Boolean(process.env.DATABASE_URL);

let dir: string;
let dataDir: string;
let database: TestDatabase | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guestlist-cli-'));
  dataDir = join(dir, 'data');
  if (onPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI's environment; `embedded` forces the lock-guarded PGlite folder even in the PostgreSQL pass. */
function cliEnv(embedded = false): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...(database?.url && !embedded ? { DATABASE_URL: database.url } : {}),
  };
}

function launch(args: string[], embedded = false): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: dir, env: cliEnv(embedded), stdio: ['ignore', 'pipe', 'pipe'] });
}


function cli(...args: string[]): Promise<Outcome> {
  return finished(launch(args));
}


function oneJsonLine(out: Outcome) {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  const lines = out.stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

describe(`guestlist on ${onPostgres ? 'PostgreSQL' : 'the embedded database'}`, () => {
  test('migrate brings a new database up to date', async () => {
    const out = await cli('migrate');
    expect(out.code).toBe(0);
    // A new embedded folder starts from the migrated template (see src/storage/pglite-template.ts).
    expect(out.stdout).toMatch(/up to date|Applied 1 migration/);
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  test('start seeds the demo organization (embedded database only), serves forwarded commands, and stops gracefully', { timeout: 90_000 }, async () => {
    const server = launch(['start']);
    const exited = finished(server);
    const [, url] = await waitFor(server, /Guestlist is ready at (\S+)/);
    const lock = readDataLock(dataDir);
    if (onPostgres) {
      expect(lock).toBeUndefined();
    } else {
      expect(lock).toMatchObject({ command: 'start', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), secret: expect.any(String) });
      expect(statSync(lockPath(dataDir)).mode & 0o777).toBe(0o600);
    }

    const created = oneJsonLine(await cli('bootstrap', '--org-slug', 'acme', '--org-name', 'Acme', '--admin-email', 'a@acme.test'));
    expect(created).toEqual({
      org: { id: expect.any(String), slug: 'acme' },
      admin: { id: expect.any(String), email: 'a@acme.test', password: expect.any(String) },
      apiToken: expect.any(String),
    });
    const [second, taken, migrate, worker] = await Promise.all([
      cli('bootstrap', '--org-slug', 'globex', '--org-name', 'Globex Corp', '--admin-email', 'a@acme.test'),
      cli('bootstrap', '--org-slug', 'acme', '--org-name', 'Again', '--admin-email', 'x@acme.test'),
      cli('migrate'),
      onPostgres ? undefined : cli('worker'),
    ]);
    expect(oneJsonLine(second)).toMatchObject({ org: { slug: 'globex' }, admin: { email: 'a@acme.test' } });
    expect(oneJsonLine(second).admin.password).toBeUndefined();
    expect(taken).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/"acme" already exists/) });
    expect(migrate.stdout).toMatch(onPostgres ? /up to date/ : /running server .* applied the migrations/);
    if (worker) expect(worker).toMatchObject({ code: 1, stderr: expect.stringMatching(/in use by the server at http/) });

    // Issue 7: a lost password (the demo admin's) is replaced from the command line, through the server that holds the folder.
    const signInOld = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:0' }, body: JSON.stringify({ email: 'a@acme.test', password: created.admin.password }),
    });
    const oldSession = signInOld.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await fetch(`${url}/api/v1/me`, { headers: { cookie: oldSession } })).status).toBe(200);
    const reset = oneJsonLine(await cli('set-password', '--email', 'A@acme.test'));
    // Every session of the account ends with the new password.
    expect((await fetch(`${url}/api/v1/me`, { headers: { cookie: oldSession } })).status).toBe(401);
    expect(reset).toEqual({ email: 'a@acme.test', password: expect.any(String) });
    const signIn = (password: string) =>
      fetch(`${url}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:0' /* PUBLIC_URL's default with PORT=0 */ }, body: JSON.stringify({ email: 'a@acme.test', password }) });
    const ok = await signIn(reset.password);
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await signIn(created.admin.password)).status).toBe(401);

    const res = await fetch(`${url}/api/v1/orgs/acme`, { headers: { authorization: `Bearer ${created.apiToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: 'acme', role: 'admin' });
    const forged = await fetch(`${url}/internal/cli/bootstrap`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-guestlist-cli-secret': 'guess' },
      body: JSON.stringify({ orgSlug: 'evil', orgName: 'Evil', adminEmail: 'e@evil.test' }),
    });
    expect(forged.status).toBe(404);

    server.kill('SIGTERM');
    const out = await exited;
    expect(out.code).toBe(0);
    if (onPostgres) {
      // Issue 6, item 5: on PostgreSQL the demo (a printed password and token) is seeded only when asked (SEED_DEMO=true).
      expect(out.stdout).not.toContain('admin@demo.test');
      expect(out.stdout).not.toMatch(/password +\S+/);
    } else {
      expect(out.stdout).toContain('admin@demo.test');
      expect(out.stdout).toMatch(/password +\S+/);
    }
    expect(out.stdout).not.toContain('later release');
    // Where email goes is said loudly at start: the development mailbox (embedded demo) or nowhere.
    expect(out.stdout).toMatch(onPostgres ? /"level":40.*NO EMAIL TRANSPORT/ : /"level":40.*DEVELOPMENT MAILBOX ON/);
    expect(out.stdout).toContain('/api/v1/docs');
    if (!onPostgres) expect(out.stdout).toContain('organization bootstrapped from the CLI');
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  test('bootstrap without a server opens the database itself; a given password is not printed', async () => {
    const out = oneJsonLine(await cli('bootstrap', '--org-slug=initech', '--org-name=Initech', '--admin-email=b@initech.test', '--admin-password=correct horse'));
    expect(out).toEqual({ org: { id: expect.any(String), slug: 'initech' }, admin: { id: expect.any(String), email: 'b@initech.test' }, apiToken: expect.any(String) });
  });

  test('set-password without a server opens the database itself; an unknown address fails naming it', async () => {
    expect(oneJsonLine(await cli('set-password', '--email', 'b@initech.test', '--password', 'another horse'))).toEqual({ email: 'b@initech.test' });
    const unknown = await cli('set-password', '--email', 'nobody@initech.test');
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('nobody@initech.test') });
    const short = await cli('set-password', '--email', 'b@initech.test', '--password', 'short');
    expect(short).toMatchObject({ code: 1, stderr: expect.stringContaining('--password must be 8 to 128 characters') });
  });

  test('usage mistakes exit 2 and name the flag', async () => {
    const [unknown, missing, noValue, command] = await Promise.all([
      cli('bootstrap', '--org-slug', 'x', '--frobnicate'),
      cli('bootstrap', '--org-slug', 'x', '--admin-email', 'a@x.test'),
      cli('bootstrap', '--org-slug'),
      cli('launch'),
    ]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('--frobnicate') });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('--org-name') });
    expect(noValue).toMatchObject({ code: 2, stderr: expect.stringContaining('--org-slug') });
    expect(command).toMatchObject({ code: 2, stderr: expect.stringContaining('"launch"') });
  });

  test('a lock left by a dead process on the embedded folder is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(lockPath(dataDir), JSON.stringify({ pid: dead, command: 'start', startedAt: new Date().toISOString(), url: 'http://127.0.0.1:9' }), { mode: 0o600 });
    const out = oneJsonLine(await finished(launch(['bootstrap', '--org-slug', 'after-crash', '--org-name', 'After', '--admin-email', 'c@after.test'], true)));
    expect(out.org.slug).toBe('after-crash');
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  test('worker holds the database until SIGTERM, then exits 0', async () => {
    const worker = launch(['worker']);
    const exited = finished(worker);
    await waitFor(worker, /worker ready/);
    if (!onPostgres) expect(readDataLock(dataDir)).toMatchObject({ command: 'worker' });
    worker.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });
});
