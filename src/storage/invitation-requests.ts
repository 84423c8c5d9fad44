import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import { pageLimit } from './page-limit.ts';
import type { InvitationRequestStatus } from './schema.ts';

/** What admins see: the stored status, with open requests whose address is an active member read as `stale`. */
export type RequestStatus = Exclude<InvitationRequestStatus, 'unconfirmed'> | 'stale';

export interface RequestRow {
  id: string;
  orgId: string;
  email: string;
  emailNormalized: string;
  name: string;
  message: string | null;
  status: RequestStatus;
  requestedAt: Date;
  confirmedAt: Date | null;
  expiresAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  invitationId: string | null;
}

/** How long an unanswered request lives after its last refresh, and how long a confirmation link works. */
export const REQUEST_LIFETIME_DAYS = 30;
export const CONFIRMATION_LINK_HOURS = 24;

/**
 * The status admins read, on the database's clock: an open request whose address is now an active
 * member is stale (it joined some other way meanwhile), and one past its expiry is expired even
 * before a sweep writes it.
 */
export function requestStatusSql(alias: string): RawBuilder<RequestStatus> {
  const r = sql.ref(alias);
  return sql<RequestStatus>`(case
    when ${r}.status = 'open' and exists (select 1 from members m where m.org_id = ${r}.org_id and m.email_normalized = ${r}.email_normalized and m.status = 'active') then 'stale'
    when ${r}.status = 'open' and ${r}.expires_at <= now() then 'expired'
    else ${r}.status end)`;
}

const columns = ['r.id', 'r.orgId', 'r.email', 'r.emailNormalized', 'r.name', 'r.message', 'r.requestedAt', 'r.confirmedAt', 'r.expiresAt', 'r.decidedAt', 'r.decidedBy', 'r.invitationId'] as const;

export interface NewRequest {
  orgId: string;
  email: string;
  emailNormalized: string;
  name: string;
  message: string | null;
  /** The hash of a fresh confirmation token, stored only if a confirmation email is to be sent now. */
  tokenHash: Buffer;
}

/**
 * Files a request, or refreshes the live one for the address (R12: one per address; repeats
 * refresh it), in one statement so that concurrent submissions meet on the unique index. A
 * confirmation is due (and `tokenHash` replaces the stored one) when the request is unconfirmed and
 * no confirmation was sent in the last day: one confirmation email per address and organization
 * per day at most. An open request is refreshed (its expiry and place in the list) but keeps the
 * name and message its owner confirmed: nobody can change them without the address.
 */
export async function fileRequest(db: Db, r: NewRequest): Promise<{ id: string; created: boolean; confirmationDue: boolean }> {
  const result = await sql<{ id: string; created: boolean; confirmationDue: boolean }>`
    insert into invitation_requests as r (org_id, email, email_normalized, name, message, confirm_token_hash, confirm_expires_at, confirmation_sent_at, expires_at)
    values (${r.orgId}::uuid, ${r.email}, ${r.emailNormalized}, ${r.name}, ${r.message}, ${r.tokenHash},
      now() + ${CONFIRMATION_LINK_HOURS}::int * interval '1 hour', now(), now() + ${REQUEST_LIFETIME_DAYS}::int * interval '1 day')
    on conflict (org_id, email_normalized) where status in ('unconfirmed', 'open') do update set
      email = case when r.status = 'unconfirmed' then excluded.email else r.email end,
      name = case when r.status = 'unconfirmed' then excluded.name else r.name end,
      message = case when r.status = 'unconfirmed' then excluded.message else r.message end,
      requested_at = now(), expires_at = excluded.expires_at,
      confirm_token_hash = case when r.status = 'unconfirmed' and r.confirmation_sent_at <= now() - interval '1 day' then excluded.confirm_token_hash else r.confirm_token_hash end,
      confirm_expires_at = case when r.status = 'unconfirmed' and r.confirmation_sent_at <= now() - interval '1 day' then excluded.confirm_expires_at else r.confirm_expires_at end,
      confirmation_sent_at = case when r.status = 'unconfirmed' and r.confirmation_sent_at <= now() - interval '1 day' then now() else r.confirmation_sent_at end
    returning r.id, (r.created_at = now()) as created, (r.status = 'unconfirmed' and r.confirmation_sent_at = now()) as confirmation_due
  `.execute(db);
  const row = result.rows[0]!;
  return { id: row.id, created: row.created, confirmationDue: row.confirmationDue };
}

/**
 * Confirms the unconfirmed request holding this live token, once: the token is cleared in the same
 * statement, so of concurrent confirmations one wins. The request's 30 days start again.
 */
export async function confirmRequestByToken(db: Db, tokenHash: Buffer): Promise<{ id: string; orgId: string; email: string; emailNormalized: string } | undefined> {
  return db
    .updateTable('invitation_requests')
    .set({ status: 'open', confirmedAt: sql<Date>`now()`, confirmTokenHash: null, confirmExpiresAt: null, expiresAt: sql<Date>`now() + ${REQUEST_LIFETIME_DAYS}::int * interval '1 day'` })
    .where('confirmTokenHash', '=', tokenHash)
    .where('status', '=', 'unconfirmed')
    .where('confirmExpiresAt', '>', sql<Date>`now()`)
    .returning(['id', 'orgId', 'email', 'emailNormalized'])
    .executeTakeFirst();
}

/** One page of the organization's confirmed requests, newest first (keyset on requested_at, id), optionally by status. */
export async function listRequests(
  db: Db,
  orgId: string,
  options: { status?: RequestStatus | undefined; after?: { requestedAt: Date; id: string } | undefined; limit: number },
): Promise<RequestRow[]> {
  let q = db.selectFrom('invitation_requests as r').select(columns).select(requestStatusSql('r').as('status')).where('r.orgId', '=', orgId).where('r.status', '<>', 'unconfirmed');
  if (options.status) q = q.where(sql<boolean>`${requestStatusSql('r')} = ${options.status}`);
  const after = options.after;
  if (after) q = q.where((eb) => eb.or([eb('r.requestedAt', '<', after.requestedAt), eb.and([eb('r.requestedAt', '=', after.requestedAt), eb('r.id', '<', after.id)])]));
  return q.orderBy('r.requestedAt', 'desc').orderBy('r.id', 'desc').limit(pageLimit(options.limit)).execute();
}

/** How many confirmed requests admins have to look at: open, and stale. */
export async function countOpenRequests(db: Db, orgId: string): Promise<{ open: number; stale: number }> {
  const rows = await db
    .selectFrom('invitation_requests as r')
    .select(requestStatusSql('r').as('status'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.orgId', '=', orgId)
    .where('r.status', '=', 'open')
    .groupBy(sql`1`)
    .execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { open: count('open'), stale: count('stale') };
}

/** The confirmed request, locked until the transaction ends, with its status as admins read it. */
export async function lockRequest(db: Db, orgId: string, id: string): Promise<RequestRow | undefined> {
  return db
    .selectFrom('invitation_requests as r')
    .select(columns)
    .select(requestStatusSql('r').as('status'))
    .where('r.orgId', '=', orgId)
    .where('r.id', '=', id)
    .where('r.status', '<>', 'unconfirmed')
    .forUpdate()
    .executeTakeFirst();
}

/** Records an admin's decision on an open request. */
export async function decideRequest(db: Db, orgId: string, id: string, decision: { status: 'approved' | 'dismissed'; by: string; invitationId?: string | null }): Promise<void> {
  await db
    .updateTable('invitation_requests')
    .set({ status: decision.status, decidedAt: sql<Date>`now()`, decidedBy: decision.by, invitationId: decision.invitationId ?? null })
    .where('orgId', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

/** Dismisses every open request whose address is an active member; returns them. */
export async function dismissStaleRequests(db: Db, orgId: string, by: string): Promise<{ id: string; email: string }[]> {
  return db
    .updateTable('invitation_requests as r')
    .set({ status: 'dismissed', decidedAt: sql<Date>`now()`, decidedBy: by })
    .where('r.orgId', '=', orgId)
    .where('r.status', '=', 'open')
    .where(sql<boolean>`exists (select 1 from members m where m.org_id = r.org_id and m.email_normalized = r.email_normalized and m.status = 'active')`)
    .returning(['r.id', 'r.email'])
    .execute();
}

/** Marks live requests past their expiry as expired, at most `limit` a call; returns them. */
export async function expireDueRequests(db: Db, limit: number): Promise<{ id: string; orgId: string; email: string; wasOpen: boolean }[]> {
  const result = await sql<{ id: string; orgId: string; email: string; wasOpen: boolean }>`
    with due as (
      select org_id, id, status from invitation_requests
      where status in ('unconfirmed', 'open') and expires_at <= now()
      order by expires_at limit ${limit} for update skip locked
    )
    update invitation_requests r set status = 'expired', confirm_token_hash = null, confirm_expires_at = null
    from due where r.org_id = due.org_id and r.id = due.id
    returning r.id, r.org_id, r.email, due.status = 'open' as was_open
  `.execute(db);
  return result.rows;
}

/** Organizations with confirmed requests admins were not told about, whose last digest is at least `spacingSeconds` old. */
export async function orgsDueForDigest(db: Db, spacingSeconds: number, limit: number): Promise<string[]> {
  const rows = await sql<{ orgId: string }>`
    select o.id as org_id from organizations o
    where exists (select 1 from invitation_requests r where r.org_id = o.id and r.status = 'open' and r.announced_at is null)
      and (o.requests_announced_at is null or o.requests_announced_at <= now() - ${spacingSeconds}::int * interval '1 second')
    limit ${limit}
  `.execute(db);
  return rows.rows.map((r) => r.orgId);
}

/**
 * Marks the organization's confirmed, unannounced requests as announced and returns them (each
 * saying whether its address is already an active member), in the caller's transaction; the caller
 * holds the organization's row so two workers cannot both announce them.
 */
export async function takeUnannounced(db: Db, orgId: string): Promise<{ email: string; name: string; stale: boolean }[]> {
  const result = await sql<{ email: string; name: string; stale: boolean }>`
    update invitation_requests r set announced_at = now()
    where r.org_id = ${orgId}::uuid and r.status = 'open' and r.announced_at is null
    returning r.email, r.name, exists (select 1 from members m where m.org_id = r.org_id and m.email_normalized = r.email_normalized and m.status = 'active') as stale
  `.execute(db);
  return result.rows;
}

/** The addresses of the organization's active admins who have an account (the people told about new requests). */
export async function activeAdminEmails(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('auth_user as u', 'u.id', 'm.accountId')
    .select('u.email')
    .where('m.orgId', '=', orgId)
    .where('m.role', '=', 'admin')
    .where('m.status', '=', 'active')
    .orderBy('u.email')
    .limit(1000)
    .execute();
  return rows.map((r) => r.email);
}

/** Notes that admins were told now (the next digest waits the spacing from here). */
export async function markOrgAnnounced(db: Db, orgId: string): Promise<void> {
  await db.updateTable('organizations').set({ requestsAnnouncedAt: sql<Date>`now()` }).where('id', '=', orgId).execute();
}
