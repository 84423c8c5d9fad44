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

/**
 * A Kysely dialect for PGlite. PGlite is a single connection, so the driver hands it out to one
 * holder at a time: a transaction keeps it until COMMIT/ROLLBACK and every other query waits.
 * (Off-the-shelf PGlite dialects let concurrent transactions interleave on the one connection.)
 */
export function pgliteDialect(client: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(client),
    createIntrospector: (db: Kysely<unknown>) => new PGliteIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** Marks a database opened through pgliteDialect (see isSingleConnection). */
class PGliteIntrospector extends PostgresIntrospector {}

/** Whether this database runs every transaction one after another on one connection (PGlite). */
export function isSingleConnection(db: Db): boolean {
  return db.introspection instanceof PGliteIntrospector;
}

/**
 * How many addresses (or members) a bulk use case puts in one transaction. On PGlite every other
 * request waits for the running transaction, so bulk work goes in slices short enough (a few hundred
 * milliseconds) that a request waits at most that long. PostgreSQL runs transactions side by side:
 * there a bulk call is one transaction, whatever its size.
 */
export function bulkSliceSize(db: Db): number {
  return isSingleConnection(db) ? PGLITE_SLICE : Number.MAX_SAFE_INTEGER;
}

const PGLITE_SLICE = 500;

class PGliteDriver implements Driver {
  readonly #client: PGlite;
  readonly #connection: PGliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(client: PGlite) {
    this.#client = client;
    this.#connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
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
  readonly #client: PGlite;
  constructor(client: PGlite) {
    this.#client = client;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#client.query<R>(compiled.sql, [...compiled.parameters]);
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
