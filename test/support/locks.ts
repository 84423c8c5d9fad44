import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Db } from '../../src/storage/db.ts';

/**
 * Runs `work` in a transaction and keeps it open, holding whatever `work` locked or wrote, as
 * other work would; resolves once `work` is done. `release` commits and resolves when it has.
 */
export async function holdTransaction(db: Db, work: (trx: Db) => Promise<void>): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let holding!: () => void;
  const held = new Promise<void>((resolve) => { holding = resolve; });
  const finished = db.transaction().execute(async (trx) => {
    await work(trx);
    holding();
    await released;
  });
  await Promise.race([held, finished]);
  return { release: async () => { release(); await finished; } };
}

/** Waits (PostgreSQL) until a statement of this database matching `like` waits for a lock. */
export async function waitForLockWaiter(db: Db, like: string): Promise<void> {
  await expect.poll(async () => (await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and query like ${like}
  `.execute(db)).rows[0]!.n, { timeout: 5_000 }).toBe(1);
}
