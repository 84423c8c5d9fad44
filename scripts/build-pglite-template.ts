// Runs after `npm install`: prepares the empty, migrated embedded database that new data folders
// (and test databases) start from, so that a first `npm start` does not wait for initdb.
import { wrapPGlite } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { ensureTemplate } from '../src/storage/pglite-template.ts';

const started = performance.now();
try {
  await ensureTemplate(async (client) => {
    await migrateToLatest(wrapPGlite(client));
  });
  console.log(`guestlist: embedded database template ready (${Math.round(performance.now() - started)} ms)`);
} catch (err) {
  // Only an optimization: without it a new data folder is created from scratch, more slowly.
  console.warn(`guestlist: could not prepare the embedded database template: ${(err as Error).message}`);
}
