import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

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
 * A fresh PGlite cluster takes seconds to create (initdb in WebAssembly); loading a dump of an
 * empty, migrated one takes under one. The dump is keyed by the PGlite version and the migration
 * sources, so a stale one is never used. It holds no secret: the instance secret is made at start.
 */
function templateFile(): string {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const name of readdirSync(migrationsDir).sort()) hash.update(name).update(readFileSync(join(migrationsDir, name)));
  return join(cacheDir, `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The template dump, when one was built for this code. */
export function findTemplate(): Blob | undefined {
  const file = templateFile();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/**
 * Builds the template with `migrate` (an empty cluster brought to the latest schema) unless it
 * exists. Safe to run from several processes: each writes a temp file and renames it into place.
 */
export async function ensureTemplate(migrate: (client: PGlite) => Promise<void>): Promise<void> {
  const file = templateFile();
  if (existsSync(file)) return;
  const client = await PGlite.create('memory://');
  try {
    await migrate(client);
    const dump = await client.dumpDataDir('gzip');
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    renameSync(temp, file);
  } finally {
    await client.close();
  }
}
