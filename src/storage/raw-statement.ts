import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import { isSingleConnection } from './pglite-dialect.ts';

/**
 * Statements written as SQL text for the hottest reads (a list page is asked for hundreds of times
 * a second): building a Kysely query, passing it through the plugins and compiling it cost more
 * of the server's CPU than reading the page (bench/RESULTS.md, the lists profile). Columns are
 * aliased to the names the code uses, so rows need no renaming afterwards either.
 */

/** Collects bind values and answers their placeholders ($1, $2, ...) in order. */
export class Params {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, added as the next bind value. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const unplugged = new WeakMap<Db, Db>();

/**
 * Runs SQL text with its bind values on `db` (a transaction too) without the plugins: rows come back
 * exactly as the statement names its columns. Constant texts are prepared like every other statement.
 */
export async function runStatement<R>(db: Db, text: string, values: readonly unknown[]): Promise<R[]> {
  let raw = unplugged.get(db);
  if (!raw) unplugged.set(db, (raw = db.withoutPlugins()));
  const result = await raw.executeQuery<R>(CompiledQuery.raw(text, [...values]));
  return result.rows;
}

/**
 * The text of a fragment shared with Kysely queries that has no bind values (column references and
 * constants only), compiled once: one definition serves both kinds of statement.
 */
export function fragmentText(db: Db, fragment: RawBuilder<unknown>): string {
  const compiled = fragment.compile(db);
  if (compiled.parameters.length > 0) throw new Error(`fragment has bind values: ${compiled.sql}`);
  return compiled.sql;
}

/**
 * Runs a search statement with PostgreSQL's generic plan. A prefix search's parameters hide how
 * many rows match, so the generic plan is costed for thousands (a sort of 5,000 estimated name
 * matches) while each custom plan is costed for the few the statistics predict: PostgreSQL then
 * plans the statement afresh on every run, which cost more than running it (pgbench, 16 clients,
 * 1,000,000 members: the Users search 2,084 statements/s planned each time, 5,420/s with the
 * generic plan; the invitations search 3,028 against 5,684). The plan's shape does not depend on
 * the prefix (both prefix ranges are index walks), so the generic plan is the one wanted. The
 * setting lives in a transaction of its own, so nothing else on the pooled connection is affected;
 * inside a caller's transaction, and on PGlite (which keeps no plans), the statement runs as is.
 */
export async function runWithGenericPlan<R>(db: Db, text: string, values: readonly unknown[]): Promise<R[]> {
  if (db.isTransaction || isSingleConnection(db)) return runStatement<R>(db, text, values);
  return db.connection().execute(async (conn) => {
    // One round trip: without bind values this goes as a simple query, which may hold two statements.
    await sql`begin; set local plan_cache_mode = force_generic_plan`.execute(conn);
    try {
      const rows = await runStatement<R>(conn, text, values);
      await sql`commit`.execute(conn);
      return rows;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw error;
    }
  });
}
