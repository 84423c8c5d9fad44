import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { defer } from './cleanup.ts';

export type DbKind = 'postgres' | 'pglite';

/** A database made for one benchmark, dropped (or its folder removed) when the benchmark ends. */
export interface BenchDatabase {
  kind: DbKind;
  /** The environment a `guestlist` process needs to use it: DATABASE_URL or DATA_DIR. */
  env: Record<string, string>;
  /** PostgreSQL: the database's URL. */
  url: string | undefined;
  /** Opens it in this process (PGlite: only while no server holds the folder). */
  open(): Promise<DatabaseHandle>;
}

/** PostgreSQL when DATABASE_URL is set (BENCH_DB=pglite overrides), PGlite otherwise. */
export function benchDbKind(): DbKind {
  if (process.env.BENCH_DB === 'pglite') return 'pglite';
  if (process.env.BENCH_DB === 'postgres') return 'postgres';
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/** The PostgreSQL server's URL (DATABASE_URL, or the local server on loopback). */
export function serverUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs statements on the server's maintenance database (create and drop databases). */
export async function onServer(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/**
 * Drops a database once its last connections are gone (a pool's end() resolves before its
 * backends exit; forcing them out then makes the ending client raise an unhandled error).
 */
async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const r = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (r.rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

/** A new empty PostgreSQL database named after `label`, dropped at the end. */
export async function scratchPostgres(label: string): Promise<string> {
  const name = `bench_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  await onServer([`create database ${name}`]);
  defer(() => dropDatabase(name));
  return withDatabaseName(serverUrl(), name);
}

/** A fresh, migrated database for one benchmark, on `kind`. */
export async function freshDatabase(label: string, kind: DbKind = benchDbKind()): Promise<BenchDatabase> {
  if (kind === 'postgres') {
    const url = await scratchPostgres(label);
    const db: BenchDatabase = { kind, env: { DATABASE_URL: url }, url, open: () => openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 8 }) };
    await migrate(db);
    return db;
  }
  const folder = mkdtempSync(join(tmpdir(), `guestlist-bench-${label}-`));
  defer(() => rmSync(folder, { recursive: true, force: true }));
  const dataDir = join(folder, 'data');
  const db: BenchDatabase = { kind, env: { DATA_DIR: dataDir, DATABASE_URL: '' }, url: undefined, open: () => openDatabase({ dataDir }) };
  await migrate(db);
  return db;
}

async function migrate(db: BenchDatabase): Promise<void> {
  const handle = await db.open();
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

/** Opens the database, runs `use`, closes it (PGlite: before the server takes the folder). */
export async function withOpen<T>(db: BenchDatabase, use: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await db.open();
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}
