import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from './pglite-dialect.ts';
import { answerDeadlineMs, closeWhenUnanswered, overdue } from './answer-deadline.ts';
import { postgresDialect } from './postgres-dialect.ts';
import { poolAskedByKysely } from './pool-wait.ts';
import { forgetConnectionState, prepareRepeatedStatements } from './prepared-statements.ts';
import { copyTemplateTo, embeddedStartOptions, findTemplate } from './pglite-template.ts';
import { SessionTokenHashPlugin } from './session-token-hash.ts';
import { parseTimestamptz } from './timestamps.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /**
   * Ends the connections of work still in flight (a shutdown whose grace period ran out): their
   * statements fail and their transactions roll back instead of committing after the client that
   * asked was cut off. Nothing to do on PGlite, where statements run in this process.
   */
  abort(): void;
}

export interface DatabaseOptions {
  /** postgres://... to use a PostgreSQL server; otherwise the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** Told when an idle pooled connection fails (the server restarted or dropped it). */
  onIdleError?: (err: Error) => void;
  /**
   * PostgreSQL only: the longest any statement may run, and may wait for a lock, on this pool's
   * connections (milliseconds; 0 or unset: no limit). PGlite runs one statement at a time on one
   * connection, so nothing there can wait on another session's lock.
   */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

/** Session settings sent when each pooled connection opens. */
function connectionOptions(options: DatabaseOptions): string | undefined {
  const settings = [
    options.statementTimeoutMs ? `-c statement_timeout=${Math.floor(options.statementTimeoutMs)}` : '',
    options.lockTimeoutMs ? `-c lock_timeout=${Math.floor(options.lockTimeoutMs)}` : '',
  ].filter(Boolean);
  return settings.length ? settings.join(' ') : undefined;
}

// Keep bigint counts and numeric values as JavaScript numbers; ids are uuids, never int8.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);

/** Where the database is and its limits, as the configuration names them (Config has these fields). */
export type DatabaseSettings = Pick<DatabaseOptions, 'databaseUrl' | 'dataDir' | 'statementTimeoutMs' | 'lockTimeoutMs'>;

/** Opens the configured database with a pool of `poolSize` (the server, the CLI, the delivery thread). */
export function openConfiguredDatabase(settings: DatabaseSettings, poolSize: number, onIdleError?: (err: Error) => void): Promise<DatabaseHandle> {
  const { databaseUrl, dataDir, statementTimeoutMs, lockTimeoutMs } = settings;
  return openDatabase({ databaseUrl, dataDir, statementTimeoutMs, lockTimeoutMs, poolSize, ...(onIdleError ? { onIdleError } : {}) });
}

/** Opens the database named by the options: PostgreSQL when a URL is given, PGlite otherwise. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let dialect: Dialect;
  let kind: DatabaseHandle['kind'];
  let abort = () => {};
  if (options.databaseUrl) {
    const settings = connectionOptions(options);
    const deadline = answerDeadlineMs(options.statementTimeoutMs);
    const size = options.poolSize ?? 10;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: size,
      ...(settings ? { options: settings } : {}),
      // The operating system probes a connection idle for 10 s, so one whose peer vanished is found
      // (the pool closes connections idle for 10 s too; this is for those kept open).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // Neither opening a connection nor waiting for a free one goes on past the answer deadline.
      ...(deadline ? { connectionTimeoutMillis: deadline } : {}),
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on next use.
    pool.on('error', (err) => options.onIdleError?.(err));
    pool.on('connect', (client) => {
      prepareRepeatedStatements(client);
      if (deadline) closeWhenUnanswered(client, deadline);
      // A connection lost while a request uses it (the server restarted, a failover) fails the
      // statement under way, which the request answers; the client's own error event must not
      // take the process down with it. Idle connections report through the pool's 'error'.
      client.on('error', () => {});
    });
    const busy = new Set<pg.PoolClient>();
    pool.on('acquire', (client) => busy.add(client));
    pool.on('release', (_err, client) => {
      busy.delete(client);
      forgetConnectionState(client);
    });
    pool.on('remove', (client) => busy.delete(client as pg.PoolClient));
    abort = () => {
      for (const client of busy) void client.end().catch(() => {});
    };
    // Fewer connections handed out than the pool holds: the others were closed, or are being opened.
    const notAnswering = () => busy.size < size || [...busy].some((client) => overdue(client));
    dialect = postgresDialect({ pool: poolAskedByKysely(pool, notAnswering) });
    kind = 'postgres';
  } else {
    const inMemory = options.dataDir.startsWith('memory://');
    const isNew = inMemory || !existsSync(join(options.dataDir, 'PG_VERSION'));
    if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
    const copied = isNew && !inMemory && copyTemplateTo(options.dataDir);
    const template = isNew && !copied ? findTemplate() : undefined;
    const client = await PGlite.create(options.dataDir, { ...embeddedStartOptions(), ...(template ? { loadDataDir: template } : {}) });
    dialect = pgliteDialect(client);
    kind = 'pglite';
  }
  const db = new Kysely<Database>({
    dialect,
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true }), new SessionTokenHashPlugin()],
  });
  connectionLimits.set(db, options.databaseUrl ? (options.poolSize ?? 10) : 1);
  return { db, kind, close: () => db.destroy(), abort: () => abort() };
}

const connectionLimits = new WeakMap<Db, number>();

/** The most connections the database uses at once: its pool's size on PostgreSQL, 1 on the embedded database. */
export function connectionLimit(db: Db): number {
  return connectionLimits.get(db) ?? 1;
}

/** Runs of one kind to have under way at once: `most`, fewer with a smaller pool, at least 1. */
export function runsAtOnce(db: Db, most: number): number {
  return Math.max(1, Math.min(most, connectionLimit(db)));
}

/** Opens the template builder's bare PGlite client as a Kysely database (migrations only). */
export function wrapPGlite(client: PGlite): Db {
  return new Kysely<Database>({ dialect: pgliteDialect(client), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
}

/** Answers when the database does (a round trip that touches no table): readiness. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
