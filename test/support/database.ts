import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, wrapPGlite, type DatabaseHandle } from '../../src/storage/db.ts';
import { ensureTemplate } from '../../src/storage/pglite-template.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

export interface TestDatabase extends DatabaseHandle {
  /** Drops the database (PostgreSQL) or closes it (PGlite). */
  dispose(): Promise<void>;
  url: string | undefined;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: in-process PGlite, or, when DATABASE_URL is set,
 * a new database on that server which is dropped afterwards.
 */
export async function createTestDatabase(limits: { statementTimeoutMs?: number; lockTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    await ensureTemplate(async (client) => {
      await migrateToLatest(wrapPGlite(client));
    });
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    return { ...handle, url: undefined, dispose: () => handle.close() };
  }
  const name = `guestlist_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 20, ...limits });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    dispose: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
