import { CompiledQuery, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';

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
 * A bind value the planner cannot look at: `(select $n::text)` is evaluated once when the statement
 * starts (an InitPlan), and index conditions still use it. Prefix searches put their bounds here.
 * With plain parameters each custom plan was costed for the few rows the statistics predict for
 * that prefix, the generic plan for thousands (a sort of 5,000 estimated name matches), so
 * PostgreSQL kept planning the statement afresh on every run, which cost more than running it
 * (pgbench, 16 clients, 1,000,000 members: the Users search 2,530 statements/s planned each time,
 * 4,545/s with hidden bounds; the invitations search 3,753 against 8,764). With the value hidden,
 * custom and generic plans cost the same and the prepared statement keeps its generic plan. The
 * plan's shape does not depend on the prefix anyway: both prefix ranges are index walks.
 */
export function hiddenFromPlanner(placeholder: string): string {
  return `(select ${placeholder}::text)`;
}
