import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Planner statistics kept up with bulk work. A table's statistics are refreshed by autovacuum a
 * minute or more after it changed, and never on the embedded database (PGlite runs no autovacuum).
 * Meanwhile the planner judges a table by the size it had: a bulk invite on PGlite checked each new
 * invitation's member against the whole members table (3 s for 2,000 invitations at 6,000 members,
 * growing with every call), and a send to 50,000 pending members on PostgreSQL looked up each
 * slice's pending invitations by reading every invitation the call had written so far (7.7 s of its
 * 15 s, growing with the square of the count). On the embedded database the sweeps also vacuum.
 */

/** When a table is due: more than `base` rows plus `share` of its size changed (or died). */
interface Threshold {
  base: number;
  share: number;
}

/**
 * When tables are due. `neverAnalyzed`: also a table that holds committed rows but was never
 * analyzed (reltuples -1). Its change counts alone do not show it when they were lost, as they are
 * by a crash, by pg_stat_reset, or when another process wrote the embedded database's folder (its
 * counts are not kept). Such a table is planned as if each condition kept a two-hundredth of it: a
 * send to all pending over 100,000 members loaded that way sorted every remaining pending member
 * for each slice (60–115 ms a slice on PGlite, against 1 ms by the primary key once analyzed).
 * Only the sweeps and the worker's look ask for it: the look takes a lock on each such table (its
 * size), which bulk work between its slices must not wait for.
 */
interface Rules {
  analyze: Threshold;
  vacuum: Threshold;
  neverAnalyzed: boolean;
}

/** Autovacuum's rules: analyze after 50 rows plus a tenth changed, vacuum after 50 plus a fifth died. */
const AUTOVACUUM: Rules = { analyze: { base: 50, share: 0.1 }, vacuum: { base: 50, share: 0.2 }, neverAnalyzed: true };
/**
 * Between the slices of bulk work only a table that outgrew its statistics by far is analyzed
 * (that is when plans go wrong), so a big call spends little of its time analyzing.
 */
const OUTGROWN: Rules = { analyze: { base: 1000, share: 0.5 }, vacuum: { base: Number.MAX_SAFE_INTEGER, share: 0 }, neverAnalyzed: false };
/** The worker's look between sweeps, and the sweeps on PostgreSQL: outgrown, or never analyzed. */
const LOOK: Rules = { ...OUTGROWN, neverAnalyzed: true };

interface DueTable {
  relname: string;
  analyze: boolean;
  vacuum: boolean;
}

async function dueTables(db: Db, rules: Rules): Promise<DueTable[]> {
  // Tables this role may analyze (an extension's table owned by another stays -1 and would be tried forever).
  const never = rules.neverAnalyzed ? sql`c.reltuples < 0 and pg_has_role(c.relowner, 'MEMBER') and pg_relation_size(c.oid) > 0` : sql`false`;
  const due = await sql<{ relname: string; outgrown: boolean; vacuum: boolean; never: boolean }>`
    select relname, changed > ${rules.analyze.base} + ${rules.analyze.share} * size as outgrown, dead > ${rules.vacuum.base} + ${rules.vacuum.share} * size as vacuum, never
    from (
      select s.relname, s.n_mod_since_analyze as changed, s.n_dead_tup as dead, greatest(c.reltuples, 0) as size, ${never} as never
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public'
    ) t
    where never or changed > ${rules.analyze.base} + ${rules.analyze.share} * size or dead > ${rules.vacuum.base} + ${rules.vacuum.share} * size
  `.execute(db);
  const tables: DueTable[] = [];
  for (const t of due.rows) {
    // A never-analyzed table's rows may all be another transaction's, not committed yet (a first big
    // load): analyzed now, it would be recorded as empty while it fills, so it waits for its rows.
    // One look-up per such table, and only until it is analyzed.
    const analyze = t.outgrown || (t.never && (t.vacuum || (await holdsCommittedRows(db, t.relname))));
    if (analyze || t.vacuum) tables.push({ relname: t.relname, analyze, vacuum: t.vacuum });
  }
  return tables;
}

/** Whether the table has a row this transaction can see. */
async function holdsCommittedRows(db: Db, table: string): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select from ${sql.table(table)}) as any`.execute(db);
  return rows[0]?.any === true;
}

/**
 * Analyzes the tables that outgrew their statistics: between the transactions of bulk work, so
 * that each next slice is planned for the tables' real size.
 */
export async function analyzeOutgrownTables(db: Db): Promise<string[]> {
  return analyzeTables(db, await findOutgrownTables(db));
}

/** The tables analyzeOutgrownTables would analyze now (for work that analyzes them beside its next slice). */
export async function findOutgrownTables(db: Db): Promise<string[]> {
  return analyzedUnder(db, OUTGROWN);
}

async function analyzedUnder(db: Db, rules: Rules): Promise<string[]> {
  return (await dueTables(db, rules)).filter((t) => t.analyze).map((t) => t.relname);
}

let forceFlushOffered: Promise<boolean> | undefined;

/**
 * Asks PostgreSQL to publish the calling transaction's table change counts when it commits, not up
 * to a second later (pg_stat_force_next_flush, PostgreSQL 15 and later; nothing on older servers or
 * where it may not be run): bulk work reads those counts between its slices (findOutgrownTables),
 * and a slice committed within a second of its connection's last publication was missing from them,
 * so the next slice ran on the old statistics. Called inside each slice's transaction: one short
 * statement a slice. Whether the server offers it is asked once; a check that failed is asked again.
 */
export async function publishChangesAtCommit(db: Db): Promise<void> {
  const check = (forceFlushOffered ??= sql<{ ok: boolean }>`
    select coalesce(has_function_privilege(to_regprocedure('pg_stat_force_next_flush()'), 'execute'), false) as ok
  `.execute(db).then((r) => r.rows[0]?.ok === true));
  let offered: boolean;
  try {
    offered = await check;
  } catch (error) {
    if (forceFlushOffered === check) forceFlushOffered = undefined;
    throw error;
  }
  if (offered) await sql`select pg_stat_force_next_flush()`.execute(db);
}

/**
 * Statistics target of the embedded database's looks between sweeps: a sample of 3,000 rows instead
 * of 30,000. A look is there for the size of tables growing under traffic, several times as they
 * double, and on the embedded database every ANALYZE holds the thread that answers requests: a full
 * sample of members took 56–85 ms at 20,000–40,000 rows (10–11 ms with this), and gave single
 * invites their worst p99 (107–115 ms in a first run from empty tables, 48–59 with this). The next
 * sweep analyzes each table so sampled again in full (sampledSmall), so none keeps the small
 * sample's statistics. On PostgreSQL, where ANALYZE runs beside the service, looks and sweeps use
 * the full target.
 */
const SMALL_SAMPLE_TARGET = 10;

/** Per database, the tables a look analyzed from the small sample since the last sweep. */
const sampledSmall = new WeakMap<Db, Set<string>>();

/** SQLSTATE lock_not_available: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * analyzeOutgrownTables, and the tables never analyzed that hold rows (Rules.neverAnalyzed), for
 * the sweeps on PostgreSQL, where several servers may sweep and autovacuum may be at work: one
 * server at a time (a transaction-scoped advisory lock; the others skip), and never waiting long
 * for a table that a VACUUM or another ANALYZE holds: the attempt is dropped until the next sweep,
 * before PostgreSQL would cancel an autovacuum for it (deadlock_timeout) and without holding up the
 * sweep's other work.
 *
 * Also what the running worker does between the sweeps, every few seconds (statisticsEveryMs).
 * Tables grown a few rows a request (single invites, an identity provider's first sync creating
 * users one call each, accepted requests) otherwise keep plans made for their old size until
 * autovacuum analyzes them, a minute later at best and never where it is off: each connection's
 * foreign-key check of a new invitation, first planned while members was empty, read every member
 * of the organization (2.6 ms at 20,000 members), and SCIM creates slowed down 2x over 10,000. One
 * catalog read when nothing outgrew its statistics. `sample`: 'small' for the embedded database's
 * looks (SMALL_SAMPLE_TARGET), whose tables the next sweep analyzes again in full.
 */
export async function refreshOutgrownStatistics(db: Db, sample: 'small' | 'full' = 'full'): Promise<string[]> {
  try {
    const analyzed = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(hashtextextended('guestlist.table-statistics', 0)) as got`.execute(trx);
      if (!rows[0]?.got) return [];
      await sql`set local lock_timeout = '200ms'`.execute(trx);
      if (sample === 'small') await sql`set local default_statistics_target = ${sql.raw(String(SMALL_SAMPLE_TARGET))}`.execute(trx);
      return analyzeTables(trx, await analyzedUnder(trx, LOOK));
    });
    if (sample === 'small' && analyzed.length) {
      const sampled = sampledSmall.get(db) ?? new Set<string>();
      for (const table of analyzed) sampled.add(table);
      sampledSmall.set(db, sampled);
    }
    return analyzed;
  } catch (error) {
    if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return [];
    throw error;
  }
}

/** Analyzes these tables, one after another; returns their names. */
export async function analyzeTables(db: Db, tables: readonly string[]): Promise<string[]> {
  for (const table of tables) await sql`analyze ${sql.id(table)}`.execute(db);
  return [...tables];
}

/**
 * Run by the scheduled sweeps, outside any transaction. On the embedded database (`isEmbedded`, see
 * isSingleConnection), what autovacuum would do now: vacuums the tables with enough dead rows and
 * analyzes those that changed enough or were never analyzed, and those its looks analyzed from a
 * small sample since the last sweep (in full). On PostgreSQL, analyzes the tables
 * that outgrew their statistics by far or were never analyzed (refreshOutgrownStatistics), which
 * autovacuum, when it is on and keeping up, does long before: a database loaded in bulk with
 * autovacuum off or behind otherwise kept plans made for empty tables (an accept read every pending
 * invitation of its organization).
 */
export async function maintainTables(db: Db, isEmbedded: boolean): Promise<{ analyzed: string[]; vacuumed: string[] }> {
  if (!isEmbedded) return { analyzed: await refreshOutgrownStatistics(db), vacuumed: [] };
  const due = await dueTables(db, AUTOVACUUM);
  // Tables the looks analyzed from a small sample since the last sweep: analyzed in full now.
  const sampled = sampledSmall.get(db);
  sampledSmall.delete(db);
  for (const relname of sampled ?? []) if (!due.some((t) => t.relname === relname)) due.push({ relname, analyze: true, vacuum: false });
  for (const t of due) await (t.vacuum ? sql`vacuum (analyze) ${sql.id(t.relname)}` : sql`analyze ${sql.id(t.relname)}`).execute(db);
  return { analyzed: due.map((t) => t.relname), vacuumed: due.filter((t) => t.vacuum).map((t) => t.relname) };
}
