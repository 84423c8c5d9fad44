import { sql } from 'kysely';
import type { TestApp } from './app.ts';

/**
 * The token from the newest invitation email for this address (what the invitee receives): from
 * the outbox while the email is queued, else from the development mailbox (a sent email's stored
 * payload no longer holds its link).
 */
export async function latestInviteToken(t: TestApp, email: string): Promise<string> {
  const rows = await sql<{ payload: { acceptUrl?: string } }>`
    select payload from notifications where recipient = ${email} and kind like 'invitation%' and payload ? 'acceptUrl'
    order by created_at desc, id desc limit 1
  `.execute(t.database.db);
  const url = rows.rows[0]?.payload.acceptUrl;
  if (url) return url.slice(url.lastIndexOf('/') + 1);
  const delivered = await sql<{ text: string }>`
    select text from dev_mailbox where lower(to_address) = lower(${email}) and text like '%/invite/%'
    order by created_at desc, id desc limit 1
  `.execute(t.database.db);
  const token = /\/invite\/(gli_[A-Za-z0-9_-]+)/.exec(delivered.rows[0]?.text ?? '')?.[1];
  if (!token) throw new Error(`no invitation email for ${email}`);
  return token;
}

/** Moves an invitation's expiry into the past, as if its lifetime had run out. */
export async function expireInvitation(t: TestApp, invitationId: string): Promise<void> {
  await sql`update invitations set expires_at = now() - interval '1 minute' where id = ${invitationId}::uuid`.execute(t.database.db);
}

export async function countRows(t: TestApp, table: 'members' | 'invitations' | 'notifications' | 'audit_events', orgId: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where org_id = ${orgId}::uuid`.execute(t.database.db);
  return r.rows[0]!.n;
}

/** The confirmation token of the newest invitation-request confirmation queued for this address (read from the outbox). */
export async function latestRequestToken(t: TestApp, email: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('notifications')
    .select('payload')
    .where('kind', '=', 'invitation_request_confirmation')
    .where('recipient', '=', email)
    .orderBy('createdAt', 'desc')
    .executeTakeFirstOrThrow();
  const url = String((row.payload as { confirmUrl?: string }).confirmUrl ?? '');
  const token = /#token=(glr_[A-Za-z0-9_-]+)/.exec(url)?.[1];
  if (!token) throw new Error(`no confirmation link queued for ${email}`);
  return token;
}
