import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface AuditEntry {
  orgId: string;
  actor: string;
  action: string;
  target: string | null;
  data?: Record<string, unknown>;
}

/** Records audit events in one statement, inside the caller's transaction. */
export async function recordAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`
    insert into audit_events (org_id, actor, action, target, data)
    select * from unnest(${entries.map((e) => e.orgId)}::uuid[], ${entries.map((e) => e.actor)}::text[],
      ${entries.map((e) => e.action)}::text[], ${entries.map((e) => e.target)}::text[],
      ${entries.map((e) => JSON.stringify(e.data ?? {}))}::jsonb[])
  `.execute(db);
}
