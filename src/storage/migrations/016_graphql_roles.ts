import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * GraphQL clients written for OpsLevel set roles Guestlist folds together (`user`, `team_member` and
 * `standards_admin` are all members): the role last written through GraphQL is kept beside the
 * member's own, so what a client wrote reads back unchanged while the two still agree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    alter table members add column graphql_role text
      check (graphql_role in ('admin', 'standards_admin', 'team_member', 'user', 'basic_user'));
  `,
  );
}
