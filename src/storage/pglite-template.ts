import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);
const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/guestlist/', import.meta.url));

/** The installed PGlite's version (its package.json is not exported, so it is found on disk). */
function pgliteVersion(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * PostgreSQL settings for every embedded database. PGlite keeps PostgreSQL's shared memory in its
 * WebAssembly heap, which is touched in full at start and never given back, so shared_buffers is
 * resident from the first second: initdb's 128MB made the idle server about 400 MB. At 16MB the
 * buffer pool still holds the hot pages of the lists and the import, and a miss is a read through
 * the operating system's file cache. The settings go on PostgreSQL's command line, which wins over
 * the postgresql.conf (and ALTER SYSTEM) of a data folder, including one made before them.
 */
export const EMBEDDED_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: '16MB' };

/** The options every PGlite this code creates starts with: PGlite's own flags and EMBEDDED_SETTINGS. */
export function embeddedStartOptions(): Pick<PGliteOptions, 'startParams'> {
  const settings = Object.entries(EMBEDDED_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  return { startParams: [...PGlite.defaultStartParams, ...settings] };
}

/**
 * A fresh PGlite cluster takes seconds to create (initdb in WebAssembly). The template is an empty,
 * migrated cluster kept twice: as a folder, copied to make a new data folder (about 0.5 s with the
 * first open), and as a dump, loaded into an in-memory database (tests). Both are keyed by the
 * PGlite version and the migration sources, so a stale one is never used. They hold no secret:
 * the instance secret is made at start.
 */
function templateBase(): string {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const name of readdirSync(migrationsDir).sort()) hash.update(name).update(readFileSync(join(migrationsDir, name)));
  return join(cacheDir, `pglite-${hash.digest('hex').slice(0, 16)}`);
}

/** The template dump (for in-memory databases), when one was built for this code. */
export function findTemplate(): Blob | undefined {
  const file = `${templateBase()}.tar.gz`;
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/**
 * Makes `dataDir` a copy of the template folder, when one was built for this code; false otherwise.
 * The folder must not hold a database yet (other files, such as a lock file, may be there).
 */
export function copyTemplateTo(dataDir: string): boolean {
  const dir = templateBase();
  if (!existsSync(join(dir, 'PG_VERSION'))) return false;
  cpSync(dir, dataDir, { recursive: true });
  return true;
}

/**
 * Builds the template with `migrate` (an empty cluster brought to the latest schema) unless it
 * exists. Safe to run from several processes: each builds under a temporary name and renames it
 * into place; the loser of a race discards its copy.
 */
export async function ensureTemplate(migrate: (client: PGlite) => Promise<void>): Promise<void> {
  const base = templateBase();
  if (existsSync(`${base}.tar.gz`) && existsSync(join(base, 'PG_VERSION'))) return;
  mkdirSync(cacheDir, { recursive: true });
  const tempDir = `${base}.${process.pid}.tmp`;
  rmSync(tempDir, { recursive: true, force: true });
  const client = await PGlite.create(tempDir, embeddedStartOptions());
  let dump: Blob;
  try {
    await migrate(client);
    dump = await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
  writeFileSync(`${tempDir}.tar.gz`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${tempDir}.tar.gz`, `${base}.tar.gz`);
  try {
    renameSync(tempDir, base);
  } catch {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
