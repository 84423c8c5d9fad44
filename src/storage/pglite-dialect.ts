import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { Db } from './db.ts';
import { preparedQueries } from './pglite-prepared.ts';
import { analyzeOutgrownTables, analyzeTables, findOutgrownTables, publishChangesAtCommit } from './planner-statistics.ts';

/**
 * A Kysely dialect for PGlite. PGlite is a single connection, so the driver hands it out to one
 * holder at a time: a transaction keeps it until COMMIT/ROLLBACK and every other query waits.
 * (Off-the-shelf PGlite dialects let concurrent transactions interleave on the one connection.)
 */
export function pgliteDialect(client: PGlite): Dialect {
  const driver = new PGliteDriver(client);
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<unknown>) => new PGliteIntrospector(db, driver),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** Marks a database opened through pgliteDialect and leads to its driver (see letOthersIn). */
class PGliteIntrospector extends PostgresIntrospector {
  readonly driver: PGliteDriver;
  constructor(db: Kysely<unknown>, driver: PGliteDriver) {
    super(db);
    this.driver = driver;
  }
}

/** Whether this database runs every transaction one after another on one connection (PGlite). */
export function isSingleConnection(db: Db): boolean {
  return db.introspection instanceof PGliteIntrospector;
}

/**
 * For work that lets concurrent requests share a statement (domain/coalesce.ts `gather`): on the
 * embedded database a turn of the event loop, so requests already received are read before a run
 * takes its calls (its statements run one after another without letting them in); nothing on
 * PostgreSQL, where each round trip lets them in.
 */
export function gatherTurn(db: Db): (() => Promise<void>) | undefined {
  const introspector = db.introspection;
  return introspector instanceof PGliteIntrospector ? () => introspector.driver.gatherTurn() : undefined;
}

/**
 * Called by bulk work between two of its transactions: on PGlite, waits until the requests that
 * arrived meanwhile have had the connection (PGlite runs in this thread, so they could not even be
 * read while a slice ran), for at most `maxWaitMs`. Does nothing on PostgreSQL.
 */
export async function letOthersIn(db: Db, maxWaitMs = 2_000): Promise<void> {
  const introspector = db.introspection;
  if (introspector instanceof PGliteIntrospector) await introspector.driver.idle(maxWaitMs);
}

/**
 * How many addresses (or members) a bulk use case puts in one transaction. On PGlite every other
 * request waits for the running transaction, so bulk work goes in slices short enough (a few hundred
 * milliseconds) that a request waits at most that long. PostgreSQL runs transactions side by side:
 * there a bulk call is one transaction (or slices of `postgresSlice`, for work without a size limit
 * whose transaction would hold the organization's settings for seconds).
 */
export function bulkSliceSize(db: Db, postgresSlice = Number.MAX_SAFE_INTEGER): number {
  return isSingleConnection(db) ? PGLITE_SLICE : postgresSlice;
}

const PGLITE_SLICE = 150;

/**
 * Runs bulk work as a series of steps (each its own transaction): calls `step` with the turn
 * number, from 0, until it answers false, letting other requests in between two steps. Between two
 * steps the tables the work outgrew are analyzed (see planner-statistics.ts): on PGlite there and
 * then, on PostgreSQL beside the next step (see analyzeBesideSteps).
 */
export async function inTurns(db: Db, step: (turn: number) => Promise<boolean>): Promise<void> {
  if (!isSingleConnection(db)) return analyzeBesideSteps(db, step);
  for (let turn = 0; ; turn++) {
    if (turn > 0) {
      await letOthersIn(db);
      // A look costs a few milliseconds: on the embedded database, whose slices are small, every fourth slice.
      if (turn % 4 === 0) {
        // The slices' change counts are published at most once a second unless asked: a bulk call
        // whose slices all came within a second of the last publication found nothing outgrown.
        await publishChangesAtCommit(db);
        await analyzeOutgrownTables(db);
      }
    }
    if (!(await step(turn))) return;
  }
}

/**
 * inTurns on PostgreSQL: the outgrown tables are found between two steps, but analyzed on another
 * connection while the next step runs (analyzing the new invitations and their emails took a tenth
 * of a send to all pending, with nothing else running). A step then plans with statistics at most
 * one step older than if it waited. The last analysis ends before this returns, and one that fails
 * fails the work, as between steps.
 */
async function analyzeBesideSteps(db: Db, step: (turn: number) => Promise<boolean>): Promise<void> {
  let analysis: Promise<unknown> = Promise.resolve();
  try {
    for (let turn = 0; await step(turn); turn++) {
      await analysis;
      analysis = analyzeTables(db, await findOutgrownTables(db));
      // Awaited before the next one or at the end; this only keeps a step's failure from leaving it unhandled.
      analysis.catch(() => {});
    }
  } catch (error) {
    await analysis.catch(() => {});
    throw error;
  }
  await analysis;
}

/**
 * Hands `items` to `work` in slices of bulkSliceSize (the whole list at once on PostgreSQL), in
 * order, with the index of each slice's first item; `work` runs at least once (with an empty
 * slice for an empty list) and answers false to stop before the next slice.
 */
export async function inSlices<T>(db: Db, items: readonly T[], work: (part: T[], start: number) => Promise<boolean>): Promise<void> {
  const size = bulkSliceSize(db);
  await inTurns(db, async (turn) => {
    const start = turn * size;
    return (await work(items.slice(start, start + size), start)) && start + size < items.length;
  });
}

class PGliteDriver implements Driver {
  readonly #client: PGlite;
  readonly #connection: PGliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  /** Holders and waiters of the connection. */
  #users = 0;
  /** Work about to ask for the connection once a turn of the event loop has passed (gatherTurn). */
  #gathering = 0;

  constructor(client: PGlite) {
    this.#client = client;
    this.#connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {}

  /**
   * Resolves once nobody holds or waits for the connection, giving the event loop a turn first
   * and after each holder (new requests are read and queue up), or after `maxWaitMs`.
   */
  async idle(maxWaitMs: number): Promise<void> {
    const deadline = performance.now() + maxWaitMs;
    do {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#users === 0 && this.#gathering === 0) return;
      await this.#queue;
    } while (performance.now() < deadline);
  }

  /**
   * One turn of the event loop for work that then asks for the connection (see gatherTurn),
   * counted meanwhile as if it waited for it, so idle() does not let bulk work go ahead of it.
   */
  async gatherTurn(): Promise<void> {
    this.#gathering++;
    try {
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      this.#gathering--;
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#users++;
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    this.#users--;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async destroy(): Promise<void> {
    await this.#client.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #query: ReturnType<typeof preparedQueries>;
  constructor(client: PGlite) {
    this.#query = preparedQueries(client);
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#query<R>(compiled.sql, compiled.parameters);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}
