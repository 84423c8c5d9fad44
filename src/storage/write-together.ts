import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';

/**
 * Runs independent writes as one statement, each but the last as a data-modifying CTE: one round
 * trip instead of several (each costs the server a socket write and a wake-up of PostgreSQL).
 * Every write must be a plain INSERT, UPDATE or DELETE without a WITH of its own, and none may
 * need another's rows: they all see the snapshot the statement started with. Constraint triggers
 * (foreign keys, the organization checks) still run for every row, at the end of the statement.
 */
export async function writeTogether(db: Db, writes: readonly (RawBuilder<unknown> | undefined)[]): Promise<void> {
  const parts = writes.filter((w): w is RawBuilder<unknown> => w !== undefined);
  if (parts.length === 0) return;
  if (parts.length === 1) {
    await parts[0]!.execute(db);
    return;
  }
  const ctes = parts.slice(0, -1).map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`);
  await sql`with ${sql.join(ctes)} ${parts.at(-1)!}`.execute(db);
}
