import { sql } from 'kysely';
import type { Db } from './db.ts';
import { pastExpirySql } from './invitations.ts';
import { inSendScopeSql } from './members.ts';
import type { InvitationStatus, MemberStatus } from './schema.ts';

export interface PeopleCounts {
  members: Record<MemberStatus | 'all', number>;
  /** By effective status (expiry derived on the database's clock, as every list reads it). */
  invitations: Record<InvitationStatus, number>;
  /** How many people a send to all pending would mail now (inSendScopeSql). */
  pendingToSend: number;
}

const n = sql<number>`count(*)::int`;

/**
 * The organization's members by status and invitations by effective status. Three statements:
 * members and invitations counted by stored status (index-only scans of the (org_id, status …)
 * indexes of migration 010, no expression evaluated per row), and the few invitations still stored
 * as pending although past their expiry (pastExpirySql, an index range), which are moved to expired.
 */
export async function countPeople(db: Db, orgId: string): Promise<PeopleCounts> {
  const [members, invitations, pastExpiry] = await Promise.all([
    db
      .selectFrom('members')
      .select(['status', n.as('n'), sql<number>`(count(*) filter (where ${inSendScopeSql()}))::int`.as('toSend')])
      .where('orgId', '=', orgId)
      .groupBy('status')
      .execute(),
    db.selectFrom('invitations').select(['status', n.as('n')]).where('orgId', '=', orgId).groupBy('status').execute(),
    db.selectFrom('invitations').select(n.as('n')).where('orgId', '=', orgId).where(pastExpirySql()).executeTakeFirstOrThrow(),
  ]);
  const counts: PeopleCounts = {
    members: { all: 0, active: 0, pending: 0, deactivated: 0 },
    invitations: { pending: 0, accepted: 0, declined: 0, revoked: 0, expired: 0 },
    pendingToSend: 0,
  };
  for (const row of members) {
    counts.members[row.status] = row.n;
    counts.members.all += row.n;
    counts.pendingToSend += row.toSend;
  }
  for (const row of invitations) counts.invitations[row.status] = row.n;
  counts.invitations.pending -= pastExpiry.n;
  counts.invitations.expired += pastExpiry.n;
  return counts;
}
