/**
 * A read floor measured beside the product: the statements one request issues on PostgreSQL,
 * captured from the real app in this process, then replayed as named prepared statements over
 * plain connections, without HTTP, routing, validation or JSON. What PostgreSQL and a client on
 * this machine allow for the same work.
 */
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createServices } from '../../src/services.ts';
import { openDatabase } from '../../src/storage/db.ts';
import { replayOne } from './replay.ts';
import { percentile } from './stats.ts';

export interface Statement {
  text: string;
  values: unknown[];
}

/** Every statement the app sends to PostgreSQL while answering `GET path` with `headers` (after one warm-up request). */
export async function captureStatements(url: string, path: string, headers: Record<string, string>): Promise<Statement[]> {
  const config = loadConfig({ DATABASE_URL: url, PUBLIC_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 2 });
  const captured: Statement[] = [];
  let capturing = false;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, ...rest: unknown[]) {
    if (capturing) {
      const c = config as string | { text?: string; values?: unknown[] };
      captured.push(typeof c === 'string' ? { text: c, values: Array.isArray(values) ? values : [] } : { text: c.text ?? '', values: c.values ?? (Array.isArray(values) ? values : []) });
    }
    return (original as (...a: unknown[]) => unknown).call(this, config, values, ...rest);
  } as typeof original;
  try {
    const services = await createServices(config, { logger: pino({ level: 'silent' }), database });
    const app = createApp({ db: database.db, auth: services.auth, config, logger: services.logger, secret: services.secret });
    await app.request(path, { headers });
    capturing = true;
    const res = await app.request(path, { headers });
    capturing = false;
    if (res.status !== 200) throw new Error(`capturing ${path}: answered ${res.status}`);
    return captured.filter((s) => s.text !== '');
  } finally {
    pg.Client.prototype.query = original;
    await database.close();
  }
}

/**
 * Runs the captured statements in sequence, one sequence per "request", from `connections`
 * connections for `seconds`; each statement prepared once per connection. Returns sequences a
 * second and the p99 of a sequence's time in milliseconds.
 */
export async function replayStatements(url: string, statements: readonly Statement[], connections: number, seconds: number): Promise<{ rps: number; p99: number }> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const times: number[] = [];
  try {
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          const at = performance.now();
          for (const [i, s] of statements.entries()) await replayOne(client, s, i);
          times.push(performance.now() - at);
        }
      } finally {
        client.release();
      }
    }));
    return { rps: (times.length / (performance.now() - started)) * 1000, p99: percentile(times, 0.99) };
  } finally {
    await pool.end();
  }
}
