import type { Config } from '../config.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseFlags } from './args.ts';
import { busyError, withDatabase } from './database.ts';

/** `guestlist migrate`: applies pending migrations; a running server already did so when it started. */
export async function migrateCommand(config: Config, argv: readonly string[]): Promise<number> {
  parseFlags('migrate', argv, {});
  const message = await withDatabase(
    config,
    'migrate',
    async (db) => {
      const applied = await migrateToLatest(db);
      return applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.` : 'The database is up to date.';
    },
    async (owner) => {
      if (owner.command !== 'start') throw busyError(config, owner);
      return `The running server at ${owner.url} (pid ${owner.pid}) applied the migrations when it started; nothing to do.`;
    },
  );
  process.stdout.write(`${message}\n`);
  return 0;
}
