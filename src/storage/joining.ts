import { sql } from 'kysely';
import type { Db } from './db.ts';
import { isLiveSql, type InvitationRow } from './invitations.ts';
import { organizationColumns, type OrganizationRow } from './organizations.ts';

/**
 * In one statement, the two locks an accept takes before it writes, in the order every writer
 * takes them: the organization's row held FOR SHARE (a mute committing meanwhile waits, so no
 * notice slips past it), then the member's row FOR UPDATE. Undefined when either row is gone.
 */
export async function holdOrganizationAndMember(db: Db, orgId: string, memberId: string): Promise<OrganizationRow | undefined> {
  return db
    .selectFrom('organizations as o')
    .innerJoin('members as m', (join) => join.onRef('m.orgId', '=', 'o.id').on('m.id', '=', memberId))
    .select(organizationColumns.map((c) => `o.${c}` as const))
    .where('o.id', '=', orgId)
    .forShare('o')
    .forUpdate('m')
    .executeTakeFirst();
}

/** The invitation as it was just ended, and the member it activated (undefined: the member was no longer pending). */
export type ClaimedAndJoined = InvitationRow & { joinedMemberId: string | null };

/**
 * Accepts a live pending invitation and activates its pending member as this account, in one
 * statement (a round trip, not three): the invitation's WHERE clause settles races exactly as a
 * separate claim does (of many callers one gets the row), the member is only written when the
 * claim succeeded, and only when both happened are `invitation.accepted` and `member.joined`
 * audited, by `actor`. With `tokenHash`, only while that token is still the invitation's. Undefined
 * when nothing was claimed; the caller explains why.
 */
export async function claimAndJoin(
  db: Db,
  invitation: { orgId: string; id: string },
  account: { accountId: string; name: string | null },
  actor: string,
  tokenHash?: Buffer,
): Promise<ClaimedAndJoined | undefined> {
  const { rows } = await sql<ClaimedAndJoined>`
    with claimed as (
      update invitations set status = 'accepted', accepted_at = now()
      where org_id = ${invitation.orgId}::uuid and id = ${invitation.id}::uuid and ${isLiveSql()}
        and (${tokenHash ?? null}::bytea is null or token_hash = ${tokenHash ?? null}::bytea)
      returning org_id, id, member_id, email, email_normalized, role, expires_at, sent_count, last_sent_at,
        invited_by, created_at, accepted_at, declined_at, revoked_at, status
    ), joined as (
      update members m set status = 'active', account_id = ${account.accountId}, joined_at = ${new Date()}, role = c.role,
        name = coalesce(m.name, ${account.name}::text)
      from claimed c
      where m.org_id = c.org_id and m.id = c.member_id and m.status = 'pending'
      returning m.id
    ), audited as (
      insert into audit_events (org_id, actor, action, target, data)
      select c.org_id, ${actor}, e.action, e.target, e.data
      from claimed c join joined j on true
        cross join lateral (values
          (1, 'invitation.accepted', 'invitation:' || c.id, jsonb_build_object('memberId', j.id)),
          (2, 'member.joined', 'member:' || j.id, jsonb_build_object('role', c.role))
        ) as e(ord, action, target, data)
      order by e.ord
    )
    select c.org_id, c.id, c.member_id, c.email, c.email_normalized, c.role, c.expires_at, c.sent_count, c.last_sent_at,
      c.invited_by, c.created_at, c.accepted_at, c.declined_at, c.revoked_at, c.status, j.id as joined_member_id
    from claimed c left join joined j on true`.execute(db);
  return rows[0];
}
