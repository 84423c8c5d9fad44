import { sql, type RawBuilder } from 'kysely';
import { arrayParam } from './array-param.ts';
import type { Db } from './db.ts';
import type { MemberSource, MemberStatus, OrgRole } from './schema.ts';

export interface MemberKey {
  id: string;
  email: string;
  emailNormalized: string;
  name: string | null;
  role: OrgRole;
  status: MemberStatus;
}

const memberKeyColumns = ['id', 'email', 'emailNormalized', 'name', 'role', 'status'] as const;

/**
 * Who "send to all pending" (R4) mails: every member who has not joined. The one definition: the
 * send takes its members with it, its daily-cap estimate counts with it, and so does the console's
 * "how many will be mailed" (people counts).
 */
export function inSendScopeSql(table?: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(table ? `${table}.status` : 'status')} = 'pending')`;
}

/**
 * Adds pending members in one statement; addresses that already belong to a member are skipped
 * (the unique key decides) and only the rows actually created come back. Rows go in sorted by
 * normalized address, the one order every inserter uses: two batches sharing addresses then wait
 * for each other instead of deadlocking on the unique key.
 */
export async function insertPendingMembers(
  db: Db,
  common: { orgId: string; role: OrgRole; source: MemberSource; invitedBy: string },
  people: readonly { email: string; emailNormalized: string; name: string | null }[],
): Promise<MemberKey[]> {
  if (people.length === 0) return [];
  const result = await sql<MemberKey>`
    insert into members (org_id, email, email_normalized, name, role, source, invited_by)
    select ${common.orgId}::uuid, e, n, nm, ${common.role}, ${common.source}, ${common.invitedBy}
    from unnest(${arrayParam(people.map((p) => p.email), 'text')}, ${arrayParam(people.map((p) => p.emailNormalized), 'text')},
      ${arrayParam(people.map((p) => p.name), 'text')}) as t(e, n, nm)
    order by n collate "C"
    on conflict (org_id, email_normalized) do nothing
    returning id, email, email_normalized, name, role, status
  `.execute(db);
  return result.rows;
}

/**
 * Members of an organization by normalized address, locked for the rest of the transaction: an
 * accept, removal or deactivation of one of them waits, so what the caller decides stays true.
 * Existing member rows are always locked in id order (here, in lockMembersByRef and in
 * lockPendingMembers), so lockers queue instead of deadlocking.
 */
export async function lockMembersByEmail(db: Db, orgId: string, normalized: readonly string[]): Promise<MemberKey[]> {
  return lockMembersByRef(db, orgId, { ids: [], emails: normalized });
}

/** Members named by id or by normalized address, locked in id order (see lockMembersByEmail). */
export async function lockMembersByRef(db: Db, orgId: string, refs: { ids: readonly string[]; emails: readonly string[] }): Promise<MemberKey[]> {
  if (refs.ids.length + refs.emails.length === 0) return [];
  return db
    .selectFrom('members')
    .select(memberKeyColumns)
    .where('orgId', '=', orgId)
    .where((eb) => eb.or([...(refs.ids.length ? [eb('id', 'in', refs.ids)] : []), ...(refs.emails.length ? [eb('emailNormalized', 'in', refs.emails)] : [])]))
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Members a send to all pending mails (inSendScopeSql), in id order, locked, at most `limit` of them with an id
 * after `afterId` (keyset): a whole organization can be taken in bounded slices.
 */
export async function lockPendingMembers(db: Db, orgId: string, page: { afterId?: string | undefined; limit: number }): Promise<MemberKey[]> {
  let q = db.selectFrom('members').select(memberKeyColumns).where('orgId', '=', orgId).where(inSendScopeSql());
  if (page.afterId) q = q.where('id', '>', page.afterId);
  return q.orderBy('id').limit(page.limit).forUpdate().execute();
}

/**
 * The members a send to all pending has not reached (inSendScopeSql, id after `afterId`), unlocked:
 * how many, and the first `listed` in id order.
 */
export async function findPendingMembersAfter(db: Db, orgId: string, afterId: string | undefined, listed: number): Promise<{ count: number; first: MemberKey[] }> {
  let q = db.selectFrom('members').where('orgId', '=', orgId).where(inSendScopeSql());
  if (afterId) q = q.where('id', '>', afterId);
  const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const first = listed > 0 ? await q.select(memberKeyColumns).orderBy('id').limit(listed).execute() : [];
  return { count: Number(row.n), first };
}

/** Sets the role of these (locked) members; leaving the guest role drops their app access. */
export async function setMembersRole(db: Db, orgId: string, ids: readonly string[], role: OrgRole): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('members').set({ role }).where('orgId', '=', orgId).where('id', 'in', ids).execute();
  if (role !== 'guest') await db.deleteFrom('app_access').where('orgId', '=', orgId).where('memberId', 'in', ids).execute();
}

/** Deletes a member only while still pending; returns its id when it was deleted. */
export async function deletePendingMember(db: Db, orgId: string, id: string): Promise<string | undefined> {
  const row = await db.deleteFrom('members').where('orgId', '=', orgId).where('id', '=', id).where('status', '=', 'pending').returning('id').executeTakeFirst();
  return row?.id;
}


/** Grants the same app roles to each of these members (replacing what they had on those apps). */
export async function grantAppAccess(
  db: Db,
  orgId: string,
  memberIds: readonly string[],
  apps: readonly { appId: string; appRole: string }[],
): Promise<void> {
  if (memberIds.length === 0 || apps.length === 0) return;
  await sql`
    insert into app_access (org_id, member_id, app_id, app_role)
    select ${orgId}::uuid, m, a.id, a.r
    from unnest(${memberIds}::uuid[]) as m
    cross join unnest(${apps.map((a) => a.appId)}::uuid[], ${apps.map((a) => a.appRole)}::text[]) as a(id, r)
    on conflict (org_id, member_id, app_id) do update set app_role = excluded.app_role
  `.execute(db);
}

/** A member row locked for the rest of the transaction; undefined when not in this organization. */
export async function lockMember(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('members')
    .select(['id', 'email', 'emailNormalized', 'name', 'role', 'status', 'accountId', 'joinedAt'])
    .where('orgId', '=', orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export type LockedMember = NonNullable<Awaited<ReturnType<typeof lockMember>>>;

/**
 * SQL: the member row `table` is its organization's only active admin, who can't be removed,
 * demoted or deactivated (last_admin). The one definition: the Users list shows it and every
 * change checks it.
 */
export function isLastActiveAdminSql(table: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  return sql<boolean>`(${col('role')} = 'admin' and ${col('status')} = 'active' and not exists (
    select 1 from members o where o.org_id = ${col('org_id')} and o.role = 'admin' and o.status = 'active' and o.id <> ${col('id')}))`;
}

/** Whether this member is the organization's only active admin (isLastActiveAdminSql). */
export async function isLastActiveAdmin(db: Db, orgId: string, memberId: string): Promise<boolean> {
  const row = await db.selectFrom('members as m').select(isLastActiveAdminSql('m').as('last')).where('m.orgId', '=', orgId).where('m.id', '=', memberId).executeTakeFirst();
  return row?.last === true;
}

/**
 * Ends the member's pending invitations so their links stop working: live ones become `revoked`,
 * ones already past their expiry are written `expired`. Returns the ids of those revoked.
 */
export async function closePendingInvitations(db: Db, orgId: string, memberId: string): Promise<string[]> {
  const rows = await sql<{ id: string; status: string }>`
    update invitations
    set status = case when expires_at <= now() then 'expired' else 'revoked' end,
        revoked_at = case when expires_at <= now() then null else now() end
    where org_id = ${orgId}::uuid and member_id = ${memberId}::uuid and status = 'pending'
    returning id, status
  `.execute(db);
  return rows.rows.filter((r) => r.status === 'revoked').map((r) => r.id);
}

/** How many members a send to all pending would mail (inSendScopeSql), counting no further than `atMost`. */
export async function countPendingMembers(db: Db, orgId: string, atMost: number): Promise<number> {
  const pending = db.selectFrom('members').select('id').where('orgId', '=', orgId).where(inSendScopeSql()).limit(atMost).as('pending');
  const row = await db.selectFrom(pending).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a member who is active from the start (an organization's first admin); returns its id. */
export async function insertActiveMember(
  db: Db,
  row: { orgId: string; email: string; emailNormalized: string; name: string | null; role: OrgRole; accountId: string; source: MemberSource; invitedBy: string },
): Promise<string> {
  const inserted = await db.insertInto('members').values({ ...row, status: 'active', joinedAt: new Date() }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}
