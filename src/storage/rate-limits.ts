import { sql } from 'kysely';
import type { Db } from './db.ts';

/** Where a caller stands in a fixed window: refused once its hits pass the limit. */
export interface RateLimitHit {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Counts one hit of `key` in `bucket` for the current fixed window of `windowSeconds` on the
 * database's clock, and says whether it is within `limit`. One upsert: every process on the
 * database shares the count, and concurrent hits add up exactly (the row lock serializes them).
 */
export async function hitRateLimit(db: Db, bucket: string, key: string, limit: number, windowSeconds: number): Promise<RateLimitHit> {
  const result = await sql<{ hits: number; retry: number }>`
    with w as (select to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}::int) * ${windowSeconds}::int) as start)
    insert into rate_limit_hits as r (bucket, key, window_start, hits)
    select ${bucket}, ${key.slice(0, 200)}, w.start, 1 from w
    on conflict (bucket, key, window_start) do update set hits = r.hits + 1
    returning r.hits, ceil(extract(epoch from (r.window_start + ${windowSeconds}::int * interval '1 second' - now())))::int as retry
  `.execute(db);
  const row = result.rows[0]!;
  return { allowed: row.hits <= limit, retryAfterSeconds: Math.max(1, row.retry) };
}

/** Forgets windows that ended over a day ago. */
export async function pruneRateLimitHits(db: Db): Promise<void> {
  await sql`delete from rate_limit_hits where window_start < now() - interval '1 day'`.execute(db);
}
