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
