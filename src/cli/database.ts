import type { Config } from '../config.ts';
import { openConfiguredDatabase, type Db } from '../storage/db.ts';
import { CliError } from './args.ts';
import { claimDataDir, type DataLock, type HeldLock, type LockFields } from '../storage/data-lock.ts';

/** Connections a command opens (`guestlist worker` too; the server's delivery thread opens as many). */
const COMMAND_CONNECTIONS = 2;

/** True when the database is a PGlite folder that only one process may open (no lock otherwise). */
export function usesLockedFolder(config: Config): boolean {
  return !config.databaseUrl && !config.dataDir.startsWith('memory://');
}

/** The owner of the data folder, described for someone who wanted to use it. */
export function busyError(config: Config, owner: DataLock): CliError {
  const who = owner.url ? `the server at ${owner.url}` : `\`guestlist ${owner.command}\``;
  return new CliError(
    `The embedded database in ${config.dataDir} is in use by ${who} (pid ${owner.pid}), and only one process may open it. ` +
      'Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes.',
  );
}

/**
 * Takes the embedded data folder for `command`, or returns its live owner. With PostgreSQL (or an
 * in-memory PGlite) there is nothing to take: `held` is undefined and every process connects.
 */
export async function claimDatabase(config: Config, command: string, fields: Omit<LockFields, 'command'> = {}): Promise<{ held?: HeldLock; owner?: DataLock }> {
  if (!usesLockedFolder(config)) return {};
  return claimDataDir(config.dataDir, { ...fields, command });
}

/**
 * Runs `use` on the database while holding the data folder. When another process holds it,
 * `onBusy` decides (by default: fail naming the owner).
 */
export async function withDatabase<T>(
  config: Config,
  command: string,
  use: (db: Db) => Promise<T>,
  onBusy: (owner: DataLock) => Promise<T> = async (owner) => {
    throw busyError(config, owner);
  },
): Promise<T> {
  const claim = await claimDatabase(config, command);
  if (claim.owner) return onBusy(claim.owner);
  try {
    const handle = await openConfiguredDatabase(config, COMMAND_CONNECTIONS);
    try {
      return await use(handle.db);
    } finally {
      await handle.close();
    }
  } finally {
    claim.held?.release();
  }
}
