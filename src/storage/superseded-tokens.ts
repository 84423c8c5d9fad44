import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Keeps the current token hashes of these invitations as superseded, before a resend replaces
 * them: an old link is then known as replaced rather than unknown. Run in the resend's transaction.
 */
export async function keepSupersededTokens(db: Db, invitations: readonly { orgId: string; id: string }[]): Promise<void> {
  if (invitations.length === 0) return;
  await sql`
    insert into invitation_superseded_tokens (org_id, token_hash, invitation_id)
    select i.org_id, i.token_hash, i.id
    from unnest(${invitations.map((r) => r.orgId)}::uuid[], ${invitations.map((r) => r.id)}::uuid[]) as t(org_id, id)
    join invitations i on i.org_id = t.org_id and i.id = t.id
    on conflict (org_id, token_hash) do nothing
  `.execute(db);
}

/** The invitation a replaced token belonged to, as `{ orgId, invitationId }`, or undefined. */
export async function findSupersededToken(db: Db, tokenHash: Buffer): Promise<{ orgId: string; invitationId: string } | undefined> {
  return db.selectFrom('invitation_superseded_tokens').select(['orgId', 'invitationId']).where('tokenHash', '=', tokenHash).executeTakeFirst();
}
