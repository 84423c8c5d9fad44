import { sql } from 'kysely';
import type { Db } from './db.ts';
import { isLiveSql } from './invitations.ts';
import type { MemberStatus } from './schema.ts';

export interface InviteeState {
  emailNormalized: string;
  status: MemberStatus;
  /** Holds a live pending invitation (database clock). */
  invited: boolean;
}

/**
 * What the organization already knows of these normalized addresses, in one statement and without
 * locking anything (a preview: the invite itself decides under its locks).
 */
export async function findInvitees(db: Db, orgId: string, normalized: readonly string[]): Promise<InviteeState[]> {
  if (normalized.length === 0) return [];
  return db
    .selectFrom('members as m')
    .select(['m.emailNormalized', 'm.status'])
    .select(sql<boolean>`exists (select 1 from invitations i where i.org_id = m.org_id and i.member_id = m.id and ${isLiveSql('i')})`.as('invited'))
    .where('m.orgId', '=', orgId)
    .where(sql<boolean>`m.email_normalized = any(${[...normalized]}::text[])`)
    .execute();
}
