import { sql, type RawBuilder } from 'kysely';

/**
 * A page size written into the statement rather than sent as a parameter. With `limit $n`
 * PostgreSQL's generic plan for a prepared statement assumes a tenth of the table is wanted
 * (at 1,000,000 members: an estimated cost 1,000 times the real one), so it re-plans the list
 * on every request (0.5–1.5 ms, more than the query itself). With the number in the text the
 * generic plan is the same as the one it would make each time, and it keeps it.
 */
export function pageLimit(limit: number): RawBuilder<number> {
  return sql.lit(Number(pageLimitText(limit)));
}

/** The same page size as SQL text, for statements written as text (storage/raw-statement.ts). */
export function pageLimitText(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a page size: ${limit}`);
  return String(limit);
}
