import { sql } from 'kysely';
import type { Db } from './db.ts';

/** The two outboxes: organization messages (email, Slack, webhooks) and account emails. */
export type OutboxTable = 'notifications' | 'account_notifications';

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
  const orgColumn = table === 'notifications' ? sql`n.org_id` : sql`null::uuid`;
  const result = await sql<Omit<ClaimedMessage, 'table'>>`
    update ${sql.table(table)} n
    set locked_until = now() + ${leaseMs} * interval '1 millisecond', attempts = n.attempts + 1
    from (
      select id from ${sql.table(table)}
      where status = 'queued' and run_after <= now() and (locked_until is null or locked_until < now())
      order by run_after
      limit ${limit}
      for update skip locked
    ) due
    where n.id = due.id
    returning n.id, ${orgColumn} as org_id, n.channel, n.kind, n.recipient, n.payload, n.attempts, n.created_at
  `.execute(db);
  return result.rows.map((r) => ({ ...r, table }));
}

export type Settled =
  | { id: string; outcome: 'sent' }
  | { id: string; outcome: 'suppressed'; reason: string }
  | { id: string; outcome: 'failed'; error: string }
  | { id: string; outcome: 'retry'; error: string; runAfter: Date };

/** Records what happened to leased messages, one statement per outcome, and ends their lease. */
export async function settle(db: Db, table: OutboxTable, settled: readonly Settled[]): Promise<void> {
  const t = sql.table(table);
  const sent = settled.filter((s) => s.outcome === 'sent').map((s) => s.id);
  if (sent.length) {
    await sql`update ${t} set status = 'sent', sent_at = now(), locked_until = null, last_error = null where id = any(${sent}::uuid[])`.execute(db);
  }
  const ended = settled.filter((s): s is Extract<Settled, { outcome: 'suppressed' | 'failed' }> => s.outcome === 'suppressed' || s.outcome === 'failed');
  if (ended.length) {
    await sql`
      update ${t} n set status = e.status, last_error = e.error, locked_until = null
      from unnest(${ended.map((e) => e.id)}::uuid[], ${ended.map((e) => e.outcome)}::text[], ${ended.map((e) => ('reason' in e ? e.reason : e.error))}::text[]) as e(id, status, error)
      where n.id = e.id
    `.execute(db);
  }
  const retry = settled.filter((s): s is Extract<Settled, { outcome: 'retry' }> => s.outcome === 'retry');
  if (retry.length) {
    await sql`
      update ${t} n set last_error = r.error, run_after = r.run_after, locked_until = null
      from unnest(${retry.map((r) => r.id)}::uuid[], ${retry.map((r) => r.error)}::text[], ${retry.map((r) => r.runAfter)}::timestamptz[]) as r(id, error, run_after)
      where n.id = r.id
    `.execute(db);
  }
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
