import { sql } from 'kysely';
import type { Db } from './db.ts';
import { isId } from './ids.ts';
import { MUTED_REASON, scrubbedPayload } from './outbox.ts';

/** The two outboxes: organization messages (email, Slack, webhooks) and account emails. */
export type OutboxTable = 'notifications' | 'account_notifications';
export const OUTBOX_TABLES: readonly OutboxTable[] = ['notifications', 'account_notifications'];

export interface ClaimedMessage {
  table: OutboxTable;
  id: string;
  orgId: string | null;
  channel: 'email' | 'slack' | 'webhook';
  kind: string;
  recipient: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

/**
 * Leases up to `limit` due messages to this worker for `leaseMs`, counting the attempt. Rows another
 * worker holds are skipped (FOR UPDATE SKIP LOCKED), so two workers never send one message at once;
 * a worker that dies loses its lease and the message becomes due again.
 */
export async function claimDue(db: Db, table: OutboxTable, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  // Rows are matched on the table's whole primary key ((org_id, id) for organization messages): a
  // match on id alone cannot use that key and reads the whole history.
  const orgColumn = table === 'notifications' ? sql`org_id` : sql`null::uuid`;
  const result = await sql<Omit<ClaimedMessage, 'table'>>`
    update ${sql.table(table)} n
    set locked_until = now() + ${leaseMs} * interval '1 millisecond', attempts = n.attempts + 1
    from (
      select ${orgColumn} as org_id, id from ${sql.table(table)}
      where status = 'queued' and run_after <= now() and (locked_until is null or locked_until < now())
      order by run_after
      limit ${limit}
      for update skip locked
    ) due
    where ${sameRow(table, 'due')}
    returning n.id, due.org_id, n.channel, n.kind, n.recipient, n.payload, n.attempts, n.created_at
  `.execute(db);
  return result.rows.map((r) => ({ ...r, table }));
}

/** `n` (the outbox row) is the row named by `other`'s org_id and id: its whole primary key. */
function sameRow(table: OutboxTable, other: string) {
  const id = sql`n.id = ${sql.ref(`${other}.id`)}`;
  return table === 'notifications' ? sql`n.org_id = ${sql.ref(`${other}.org_id`)} and ${id}` : id;
}

export type Settled = { id: string; orgId: string | null; attempts: number } & (
  | { outcome: 'sent' }
  | { outcome: 'suppressed'; reason: string }
  | { outcome: 'failed'; error: string }
  | { outcome: 'retry'; error: string; runAfter: Date }
  // Not tried: back to the queue as it was, without spending an attempt.
  | { outcome: 'released' }
);

/**
 * Records what happened to leased messages and ends their lease, in one statement. Only rows
 * still under this claim (same attempt number) change, so a worker whose lease ran out while it
 * was sending cannot overwrite another worker's claim. A message suppressed by a mute after this
 * claim (its lease had run out) but sent meanwhile is recorded as sent: it left. A message that
 * ends (sent, failed, suppressed) loses its secret links in the same statement. A released message
 * is due again at once, with its attempt given back and its last error kept.
 */
export async function settle(db: Db, table: OutboxTable, settled: readonly Settled[]): Promise<void> {
  if (settled.length === 0) return;
  const status = settled.map((s) => (s.outcome === 'retry' || s.outcome === 'released' ? 'queued' : s.outcome));
  const released = settled.map((s) => s.outcome === 'released');
  const error = settled.map((s) => (s.outcome === 'sent' || s.outcome === 'released' ? null : s.outcome === 'suppressed' ? s.reason : s.error));
  const runAfter = settled.map((s) => (s.outcome === 'retry' ? s.runAfter : null));
  // A retry of an email or Slack message whose organization was muted meanwhile (the mute left it
  // to this worker) ends suppressed: it was queued when notifications were switched off.
  const mutedRetry = table === 'notifications'
    ? sql`(s.status = 'queued' and n.channel in ('email', 'slack') and exists (select 1 from organizations o where o.id = n.org_id and not o.notifications_enabled))`
    : sql`false`;
  await sql`
    update ${sql.table(table)} n
    set status = case when ${mutedRetry} then 'suppressed' else s.status end,
        last_error = case when ${mutedRetry} then ${MUTED_REASON} when s.released then n.last_error else s.error end,
        attempts = case when s.released then n.attempts - 1 else n.attempts end,
        locked_until = null,
        sent_at = case when s.status = 'sent' then now() else n.sent_at end,
        run_after = coalesce(s.run_after, n.run_after),
        payload = case when s.status = 'queued' and not ${mutedRetry} then n.payload else ${scrubbedPayload(sql.ref('n.payload'))} end
    from unnest(${settled.map((s) => s.orgId)}::uuid[], ${settled.map((s) => s.id)}::uuid[], ${settled.map((s) => s.attempts)}::int[],
      ${status}::text[], ${error}::text[], ${runAfter}::timestamptz[], ${released}::boolean[]) as s(org_id, id, attempts, status, error, run_after, released)
    where ${sameRow(table, 's')} and n.attempts = s.attempts and (n.status = 'queued' or (n.status = 'suppressed' and s.status = 'sent'))
      -- A release gives the attempt back only while the lease is still this worker's: once it ran out, another
      -- worker may hold the message, and a late release must not take its attempt away.
      and (not s.released or n.locked_until > now())
  `.execute(db);
}

/** The organizations' current switch and Slack URL, read just before sending (one query a batch). */
export async function readOrgDeliverySettings(db: Db, orgIds: readonly string[]): Promise<Map<string, { enabled: boolean; slackWebhookUrl: string | null }>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'notificationsEnabled', 'slackWebhookUrl']).where('id', 'in', [...new Set(orgIds)]).execute();
  return new Map(rows.map((r) => [r.id, { enabled: r.notificationsEnabled, slackWebhookUrl: r.slackWebhookUrl }]));
}

/** How many messages wait in an outbox (uses the partial index on queued rows). */
export async function countQueued(db: Db, table: OutboxTable): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where status = 'queued'`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/**
 * Whether each invitation can still be answered, and its current token's hash (hex), by id; each
 * is looked up by its organization and id (the primary key).
 */
export async function readInvitationLinks(db: Db, refs: readonly { orgId: string; invitationId: string }[]): Promise<Map<string, { live: boolean; tokenHashHex: string }>> {
  const valid = refs.filter((r) => isId(r.orgId) && isId(r.invitationId));
  if (valid.length === 0) return new Map();
  const rows = await sql<{ id: string; live: boolean; hash: string }>`
    select i.id, (i.status = 'pending' and i.expires_at > now()) as live, encode(i.token_hash, 'hex') as hash
    from unnest(${valid.map((r) => r.orgId)}::uuid[], ${valid.map((r) => r.invitationId)}::uuid[]) as k(org_id, id)
    join invitations i on i.org_id = k.org_id and i.id = k.id
  `.execute(db);
  return new Map(rows.rows.map((r) => [r.id, { live: r.live, tokenHashHex: r.hash }]));
}
