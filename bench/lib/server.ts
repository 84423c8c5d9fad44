import { spawn } from 'node:child_process';
import { defer } from './cleanup.ts';
import type { BenchDatabase } from './database.ts';
import { freePort, NODE, ROOT, runNode, sampleRss, type RssSampler } from './process.ts';

/** The real server (`guestlist start`) running as a child process on loopback. */
export interface BenchServer {
  url: string;
  pid: number;
  rss: RssSampler;
  /** RSS right after it answered its first request. */
  startRssMb: number;
  stop(): Promise<void>;
}

/** Settings every benchmark server gets: the daily cap and the public rate limits out of the way, quiet logs. */
export const BENCH_SERVER_ENV: Record<string, string> = {
  INVITATIONS_PER_DAY_PER_ORG: '100000000',
  // One client address (loopback) sends every request of a load test; per-address limits would measure themselves.
  RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
  LOG_LEVEL: 'warn',
  SEED_DEMO: 'false',
  DEV_MAILBOX: 'false',
  HOST: '127.0.0.1',
};

/**
 * Starts `node src/cli/main.ts start` on `db`, waits until it answers, and stops it when the
 * benchmark ends. `env` adds or overrides settings (SMTP_URL, ...); `nodeArgs` go before the script.
 */
export async function startServer(db: BenchDatabase, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(NODE, [...nodeArgs, 'src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, ...BENCH_SERVER_ENV, ...db.env, PORT: String(port), PUBLIC_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer) => { output = (output + c.toString()).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    rss.stop();
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  defer(stop);
  const rss = sampleRss(child.pid!);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server not ready after 60 s:\n${output}`);
    const ok = await fetch(`${url}/api/v1/instance`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  rss.reset();
  const startRssMb = rss.current();
  child.once('exit', (code) => {
    if (!stopped) console.error(`server exited unexpectedly (${code}):\n${output}`);
  });
  return { url, pid: child.pid!, rss, startRssMb, stop };
}

export interface Admin {
  orgId: string;
  slug: string;
  token: string;
}

/**
 * `guestlist bootstrap` for a new organization: opens the database itself, or on PGlite goes through
 * the server holding the folder.
 */
export async function bootstrapCli(db: BenchDatabase, slug: string): Promise<Admin> {
  const done = await runNode(['src/cli/main.ts', 'bootstrap', '--org-slug', slug, '--org-name', slug.toUpperCase(), '--admin-email', `admin@${slug}.test`, '--admin-password', 'correct horse battery'], { ...db.env, LOG_LEVEL: 'warn' });
  if (done.code !== 0) throw new Error(`bootstrap failed (${done.code}): ${done.stderr}`);
  const out = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as { org: { id: string; slug: string }; apiToken: string };
  return { orgId: out.org.id, slug: out.org.slug, token: out.apiToken };
}

/** One JSON request to the server with the admin's token; throws unless it answers 2xx. */
export async function api<T>(server: BenchServer, admin: Admin, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${admin.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
