import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.ts';
import * as initial from './migrations/001_initial.ts';
import * as delivery from './migrations/002_delivery.ts';
import * as outbound from './migrations/004_outbound.ts';

const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_delivery': delivery,
  '004_outbound': outbound,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; safe to run from several processes at once (advisory lock). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider,
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
