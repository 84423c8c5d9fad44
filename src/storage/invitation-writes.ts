import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { arrayParam } from './array-param.ts';
import { lastStatementMark } from './commit-with-last-statement.ts';
import { auditBatchEventSql, batchEventData, jsonbObject, type AuditEntry, type SqlFields } from './audit.ts';
import type { Db } from './db.ts';
import { addInvitationSends } from './invitation-counts.ts';
import type { OrgRole } from './schema.ts';
import { keepSupersededTokensSql } from './superseded-tokens.ts';

/**
 * Issuing and resending invitations, each as one statement per batch: the invitations, their
 * emails in the outbox, the daily cap's count and the audit event are written together, and each
 * email's payload is built by the database from the row it belongs to. Building the payloads in
 * JavaScript and sending them as one JSON document per batch (75 MB for 100,000 invitations) cost
 * a send to all pending about 1.5 s of the server's processor per 100,000 and two round trips per
 * batch.
 */

/** When the batch's invitations expire: `ttlDays` from the database's now, kept to the millisecond. */
function expirySql(ttlDays: number): RawBuilder<Date> {
  return sql<Date>`(date_trunc('milliseconds', now()) + ${ttlDays}::int * interval '1 day')`;
}

/** What an invitation email's payload holds, besides the fields of its own invitation (see writeNewInvitations). */
export interface InvitationEmail {
  kind: 'invitation' | 'invitation_resend';
  /** The fields every email of the batch shares (organization, inviter, sign-in page). */
  common: Record<string, string>;
  /** The invite link without its token: each email's `acceptUrl` is this followed by its token. */
  linkPrefix: string;
}

/** The payload fields each email gets from its own invitation and person; the rest is `common`. */
export type InvitationEmailOwnFields = 'invitationId' | 'memberId' | 'email' | 'name' | 'role' | 'expiresAt' | 'acceptUrl';

/** One invitation of a batch, with the secret token its link carries (stored only as its SHA-256). */
export interface InvitationToWrite {
  memberId: string;
  email: string;
  emailNormalized: string;
  name: string | null;
  role: OrgRole;
  token: string;
  /**
   * Which caller's change it belongs to, when one statement writes the invitations of several
   * callers that shared a transaction (coalesce.ts): each group gets its own audit event. 0 by default.
   */
  group?: number | undefined;
}

export interface InvitationBatch {
  orgId: string;
  /** The actor reference recorded as invitedBy and in the audit. */
  actor: string;
  ttlDays: number;
  email: InvitationEmail;
  /** Audit events of the same change, recorded before the batch's own event. */
  precedingAudit: readonly AuditEntry[];
}

/**
 * The stored form of a token, as hashSecret computes it (SHA-256 of its UTF-8 bytes):
 * test/http/send-pending.test.ts checks each written link's token against its stored hash.
 */
function invitationTokenHash(token: RawBuilder<string>): RawBuilder<Buffer> {
  return sql<Buffer>`sha256(convert_to(${token}, 'UTF8'))`;
}

/**
 * A payload, from a row of `sent` (id, member_id, email, name, role, token). Every email of the
 * batch has the same expiry, so its text is computed once (a scalar subquery).
 */
function payloadSql(batch: InvitationBatch): RawBuilder<unknown> {
  const own: Record<InvitationEmailOwnFields, RawBuilder<unknown>> = {
    invitationId: sql`id`,
    memberId: sql`member_id`,
    email: sql`email`,
    name: sql`name`,
    role: sql`role`,
    expiresAt: sql`(select to_char(${expirySql(batch.ttlDays)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
    acceptUrl: sql`${batch.email.linkPrefix}::text || token`,
  };
  const common = Object.entries(batch.email.common).map(([key, value]) => [key, sql`${value}::text`] as const);
  return jsonbObject([...common, ...Object.entries(own)]);
}

/** What the audit says of each invitation of a batch: its fields in SQL (from a row of `sent`) and the same from the row given. */
interface AuditItemFields {
  sql: SqlFields;
  of(row: InvitationToWrite): Record<string, unknown>;
}

const CREATED_ITEM: AuditItemFields = {
  sql: [['memberId', sql`member_id`], ['email', sql`email`], ['role', sql`role`]],
  of: (r) => ({ memberId: r.memberId.toLowerCase(), email: r.email, role: r.role }),
};
const RESENT_ITEM: AuditItemFields = {
  sql: [['memberId', sql`member_id`], ['email', sql`email`]],
  of: (r) => ({ memberId: r.memberId.toLowerCase(), email: r.email }),
};

/**
 * The batch's audit event as it is when every row is written, built here for one caller's batch of
 * two or more (a bulk invite, a slice of a send to all pending): see auditBatchEventSql's `whole`.
 * Items listed by member id, as the statement lists them (uuids compare alike as lowercase text).
 */
function wholeBatchEvent(rows: readonly InvitationToWrite[], ids: readonly string[], item: AuditItemFields): { count: number; data: string } | undefined {
  if (rows.length < 2 || rows.some((r) => (r.group ?? 0) !== 0)) return undefined;
  const items = rows.map((r, i) => ({ member: r.memberId.toLowerCase(), target: `invitation:${ids[i]!.toLowerCase()}`, data: item.of(r) }));
  items.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  return { count: rows.length, data: JSON.stringify(batchEventData(items)) };
}

/**
 * The writes that follow the invitations themselves, from the CTE `sent` (one row per invitation
 * written: id, member_id, email, name, role, token, grp): the emails, the daily cap's count
 * (invitation emails count toward INVITATIONS_PER_DAY_PER_ORG, as enqueueNotifications counts
 * them) and the audit, with the preceding events first and then one event for each group of the
 * batch (auditBatchEventSql: an ordinary event for one invitation, one naming every invitation for
 * more; built beforehand when every row is written: wholeBatchEvent).
 */
function followingWrites(batch: InvitationBatch, action: string, item: AuditItemFields, written: { rows: readonly InvitationToWrite[]; ids: readonly string[] }): RawBuilder<unknown> {
  const preceding = JSON.stringify(batch.precedingAudit.map((e, i) => ({ ord: i, org_id: e.orgId, actor: e.actor, action: e.action, target: e.target, data: e.data ?? {} })));
  const whole = wholeBatchEvent(written.rows, written.ids, item);
  const event = auditBatchEventSql(sql`sent`, { target: sql<string>`'invitation:' || id`, data: item.sql, order: sql`member_id`, group: sql`grp`, whole });
  return sql`
    outbox as (
      insert into notifications (org_id, channel, kind, recipient, payload)
      select ${batch.orgId}::uuid, 'email', ${batch.email.kind}, email, ${payloadSql(batch)} from sent
    ),
    counted as (${addInvitationSends(sql`select ${batch.orgId}::uuid, count(*)::int from sent having count(*) > 0`)}),
    batch_event as (${event}),
    audited as (
      insert into audit_events (org_id, actor, action, target, data)
      select org_id, actor, action, target, data from (
        select ord, org_id, actor, action, target, data
        from json_to_recordset(${preceding}::json) as p(ord int, org_id uuid, actor text, action text, target text, data jsonb)
        union all
        select ${batch.precedingAudit.length} + grp, ${batch.orgId}::uuid, ${batch.actor}, ${action}, target, data from batch_event
      ) events
      order by ord
    )`;
}

/**
 * The columns of batchRows besides the invitation id, named: a statement with `*` is not kept
 * prepared inside a transaction (prepared-statements.ts), and these statements are large enough
 * that parsing and planning them on every call cost a single invite about a fifth of the
 * database's time.
 */
const ROW_COLUMNS = ['member_id', 'email', 'email_normalized', 'name', 'role', 'token', 'grp'] as const;
const rowColumns = (alias?: string) => sql.raw(ROW_COLUMNS.map((c) => (alias ? `${alias}.${c}` : c)).join(', '));

/** The batch's columns as one unnest: (member_id, email, email_normalized, name, role, token, grp[, id]). */
function batchRows(rows: readonly InvitationToWrite[], invitationIds?: readonly string[]): RawBuilder<unknown> {
  const ids = invitationIds ? sql`, ${arrayParam(invitationIds, 'uuid')}` : sql``;
  return sql`unnest(${arrayParam(rows.map((r) => r.memberId), 'uuid')}, ${arrayParam(rows.map((r) => r.email), 'text')},
    ${arrayParam(rows.map((r) => r.emailNormalized), 'text')}, ${arrayParam(rows.map((r) => r.name), 'text')},
    ${arrayParam(rows.map((r) => r.role), 'text')}, ${arrayParam(rows.map((r) => r.token), 'text')},
    ${arrayParam(rows.map((r) => r.group ?? 0), 'int')}${ids})
    as t(member_id, email, email_normalized, name, role, token, grp${sql.raw(invitationIds ? ', id' : '')})`;
}

/**
 * Inserts a pending invitation for each of these distinct members, queues its email, counts it
 * toward the daily cap and audits the batch (`invitation.created`), in one statement. The token is
 * stored as its SHA-256 (invitationTokenHash). A member that already has a pending
 * invitation is skipped by the partial unique index; the invitations actually created come back,
 * in member order. `last`: the statement ends its transaction, committing it on PostgreSQL
 * (commit-with-last-statement.ts): the caller sends nothing after it.
 */
export async function writeNewInvitations(db: Db, batch: InvitationBatch, rows: readonly InvitationToWrite[], last = false): Promise<{ id: string; memberId: string }[]> {
  const ids = rows.map(() => randomUUID());
  const result = await sql<{ id: string; memberId: string }>`
    with t as (select id, ${rowColumns()} from ${batchRows(rows, ids)}),
    created as (
      insert into invitations (org_id, id, member_id, email, email_normalized, role, token_hash, expires_at, last_sent_at, invited_by, created_at)
      select ${batch.orgId}::uuid, id, member_id, email, email_normalized, role, ${invitationTokenHash(sql`token`)},
        ${expirySql(batch.ttlDays)}, date_trunc('milliseconds', now()), ${batch.actor}, date_trunc('milliseconds', now())
      from t order by member_id
      on conflict (org_id, member_id) where status = 'pending' do nothing
      returning id, member_id
    ),
    sent as (select t.id, ${rowColumns('t')} from t join created using (id)),
    ${followingWrites(batch, 'invitation.created', CREATED_ITEM, { rows, ids })}
    select id, member_id from created order by member_id
    ${lastStatementMark(last)}
  `.execute(db);
  return result.rows;
}

/**
 * Resends these invitations (pending or expired, locked by the caller): each gets its new token
 * (the one it replaces is kept as superseded, hash only), a new expiry, sentCount + 1, status
 * pending, and its email queued again; counted toward the daily cap and audited
 * (`invitation.resent`), in one statement. `email`, `name` and `role` are what the email says.
 * Returns the invitations actually resent, in the order given: one that no longer exists is
 * skipped, and gets no email, count or audit.
 */
export async function writeResentInvitations(db: Db, batch: InvitationBatch, rows: readonly (InvitationToWrite & { invitationId: string })[]): Promise<{ id: string; memberId: string }[]> {
  const result = await sql<{ id: string }>`
    with t as (select id, ${rowColumns()} from ${batchRows(rows, rows.map((r) => r.invitationId))}),
    kept as (${keepSupersededTokensSql(sql`select ${batch.orgId}::uuid, id from t`)}),
    updated as (
      update invitations i
      set token_hash = ${invitationTokenHash(sql`t.token`)}, expires_at = ${expirySql(batch.ttlDays)},
        last_sent_at = date_trunc('milliseconds', now()), sent_count = i.sent_count + 1, status = 'pending', reminder_sent_at = null
      from t where i.org_id = ${batch.orgId}::uuid and i.id = t.id
      returning i.id
    ),
    sent as (select t.id, ${rowColumns('t')} from t join updated using (id)),
    ${followingWrites(batch, 'invitation.resent', RESENT_ITEM, { rows, ids: rows.map((r) => r.invitationId) })}
    select id from updated
  `.execute(db);
  const resent = new Set(result.rows.map((r) => r.id));
  return rows.filter((r) => resent.has(r.invitationId)).map((r) => ({ id: r.invitationId, memberId: r.memberId }));
}
