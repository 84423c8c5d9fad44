import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface OutboxMessage {
  orgId: string;
  channel: 'email' | 'slack' | 'webhook';
  kind: string;
  recipient: string;
  payload: Record<string, unknown>;
}

/**
 * Queues notifications in the caller's transaction (the transactional outbox): they exist exactly
 * when the change that caused them commits, and a worker delivers them afterwards.
 */
export async function enqueueNotifications(db: Db, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await sql`
    insert into notifications (org_id, channel, kind, recipient, payload)
    select * from unnest(${messages.map((m) => m.orgId)}::uuid[], ${messages.map((m) => m.channel)}::text[],
      ${messages.map((m) => m.kind)}::text[], ${messages.map((m) => m.recipient)}::text[],
      ${messages.map((m) => JSON.stringify(m.payload))}::jsonb[])
  `.execute(db);
}

/**
 * Marks every queued email and Slack message of the organization `suppressed` (PRODUCT §1.4:
 * messages already queued when notifications are switched off are never sent, even if they are
 * switched back on before the worker reaches them). Webhooks are machine events and stay queued.
 */
export async function suppressQueuedMessages(db: Db, orgId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'suppressed', lastError: 'notifications were disabled for the organization' })
    .where('orgId', '=', orgId)
    .where('status', '=', 'queued')
    .where('channel', 'in', ['email', 'slack'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
