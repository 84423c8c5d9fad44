import { PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type PostgresDialectConfig } from 'kysely';
import { connectionLost } from './connection-errors.ts';

/**
 * Kysely's PostgreSQL driver, except that a rollback failing because the connection is lost does
 * not take the place of the error that ended the transaction. Kysely throws the rollback's error
 * when there is one, so a transaction whose connection was closed for not answering
 * (answer-deadline.ts) failed with "not queryable", a dropped connection, instead of the deadline's
 * connection failure, and the work shared by several requests was tried again for each in turn.
 * Nothing is lost by it: a transaction whose connection is gone was rolled back by the server, or
 * committed, if its commit had been sent (with its last statement: commit-with-last-statement.ts),
 * which is unknown to the client either way, as for any commit under way when a connection drops.
 */
class RollbackKeepsTheCause extends PostgresDriver {
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!connectionLost(error)) throw error;
    }
  }
}

/** Kysely's PostgreSQL dialect with the driver above. */
export function postgresDialect(config: PostgresDialectConfig): PostgresDialect {
  return new (class extends PostgresDialect {
    override createDriver(): Driver {
      return new RollbackKeepsTheCause(config);
    }
  })(config);
}
