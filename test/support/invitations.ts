import { sql } from 'kysely';
import type { TestApp } from './app.ts';

/** The token from the newest invitation email queued for this address (what the invitee receives). */
export async function latestInviteToken(t: TestApp, email: string): Promise<string> {
  const rows = await sql<{ payload: { acceptUrl?: string } }>`
    select payload from notifications where recipient = ${email} and kind like 'invitation%' and payload ? 'acceptUrl'
    order by created_at desc, id desc limit 1
  `.execute(t.database.db);
  const url = rows.rows[0]?.payload.acceptUrl;
  if (!url) throw new Error(`no invitation email queued for ${email}`);
  return url.slice(url.lastIndexOf('/') + 1);
}

/** Moves an invitation's expiry into the past, as if its lifetime had run out. */
export async function expireInvitation(t: TestApp, invitationId: string): Promise<void> {
  await sql`update invitations set expires_at = now() - interval '1 minute' where id = ${invitationId}::uuid`.execute(t.database.db);
}

export async function countRows(t: TestApp, table: 'members' | 'invitations' | 'notifications' | 'audit_events', orgId: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where org_id = ${orgId}::uuid`.execute(t.database.db);
  return r.rows[0]!.n;
}
