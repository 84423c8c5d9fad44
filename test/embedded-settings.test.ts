import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, type Db } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { EMBEDDED_SETTINGS } from '../src/storage/pglite-template.ts';
import { createTestDatabase } from './support/database.ts';

// The embedded database's shared memory is resident for the whole life of the server (PGlite keeps
// it in a WebAssembly heap that never shrinks), so its size is set at every start, whatever folder.

let folder: string;
beforeAll(() => { folder = mkdtempSync(join(tmpdir(), 'guestlist-embedded-settings-')); });
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function setting(db: Db, name: string): Promise<string> {
  const { rows } = await sql<{ setting: string }>`select current_setting(${name}) as setting`.execute(db);
  return rows[0]!.setting;
}

test('a new data folder runs with the embedded settings', async () => {
  expect(EMBEDDED_SETTINGS.shared_buffers).toBe('16MB');
  const handle = await openDatabase({ dataDir: join(folder, 'new') });
  try {
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) expect(await setting(handle.db, name)).toBe(value);
  } finally {
    await handle.close();
  }
});

test('a data folder made before the settings keeps its data and runs with them, whatever its configuration files say', async () => {
  const dataDir = join(folder, 'older');
  const first = await openDatabase({ dataDir });
  await migrateToLatest(first.db);
  await first.close();
  // What an older release left behind: a cluster opened with PGlite's defaults, whose configuration
  // files ask for a large buffer pool (an operator's ALTER SYSTEM, a line in postgresql.conf).
  const older = await PGlite.create(dataDir);
  expect((await older.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]?.shared_buffers).toBe('128MB');
  await older.exec(`insert into organizations (slug, name) values ('older', 'Older')`);
  await older.exec(`alter system set shared_buffers = '64MB'`);
  await older.close();
  expect(readFileSync(join(dataDir, 'postgresql.auto.conf'), 'utf8')).toContain(`shared_buffers = '64MB'`);
  appendFileSync(join(dataDir, 'postgresql.conf'), '\nshared_buffers = 128MB\n');

  const handle = await openDatabase({ dataDir });
  try {
    expect(await setting(handle.db, 'shared_buffers')).toBe('16MB');
    expect(await handle.db.selectFrom('organizations').select('slug').execute()).toEqual([{ slug: 'older' }]);
  } finally {
    await handle.close();
  }
});

test.skipIf(Boolean(process.env.DATABASE_URL))('in-memory test databases, loaded from the template dump, run with them too', async () => {
  const database = await createTestDatabase();
  try {
    expect(database.kind).toBe('pglite');
    expect(await setting(database.db, 'shared_buffers')).toBe('16MB');
  } finally {
    await database.dispose();
  }
});
