import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.ts';
import * as initial from './migrations/001_initial.ts';
import * as delivery from './migrations/002_delivery.ts';
import * as access from './migrations/003_access.ts';
import * as outbound from './migrations/004_outbound.ts';
import * as edge from './migrations/006_edge.ts';
import * as structure from './migrations/007_structure.ts';
import * as scrubLinks from './migrations/008_scrub_links.ts';
import * as membersList from './migrations/009_members_list.ts';
import * as peopleCounts from './migrations/010_people_counts.ts';
import * as activityFilters from './migrations/011_activity_filters.ts';
import * as writeCost from './migrations/012_write_cost.ts';
import * as inviteeLookup from './migrations/013_invitee_lookup.ts';
import * as invitationSearch from './migrations/014_invitation_search.ts';
import * as invitationRequests from './migrations/015_invitation_requests.ts';
import * as graphqlRoles from './migrations/016_graphql_roles.ts';
import * as scim from './migrations/017_scim.ts';
import * as auditOrder from './migrations/018_audit_order.ts';
import * as payloadStatistics from './migrations/019_payload_statistics.ts';

const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_delivery': delivery,
  '003_access': access,
  '004_outbound': outbound,
  '006_edge': edge,
  '007_structure': structure,
  '008_scrub_links': scrubLinks,
  '009_members_list': membersList,
  '010_people_counts': peopleCounts,
  '011_activity_filters': activityFilters,
  '012_write_cost': writeCost,
  '013_invitee_lookup': inviteeLookup,
  '014_invitation_search': invitationSearch,
  '015_invitation_requests': invitationRequests,
  '016_graphql_roles': graphqlRoles,
  '017_scim': scim,
  '018_audit_order': auditOrder,
  '019_payload_statistics': payloadStatistics,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Applies every pending migration; safe to run from several processes at once (advisory lock).
 * Runs on one connection with no statement or lock timeout: the request pool's limits are for
 * request work, and a migration may rightly take longer.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`select set_config('statement_timeout', '0', false), set_config('lock_timeout', '0', false)`.execute(connection);
    try {
      const migrator = new Migrator({
        db: connection as unknown as Kysely<unknown>,
        provider,
        migrationTableName: 'schema_migration',
        migrationLockTableName: 'schema_migration_lock',
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      // Back to the connection's own settings (those it was opened with) before it returns to the pool.
      await sql`reset statement_timeout`.execute(connection);
      await sql`reset lock_timeout`.execute(connection);
    }
  });
}
