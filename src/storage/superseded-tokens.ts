import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';

/**
 * The INSERT keeping the current token hashes of the invitations `invitations` selects (rows of
 * org_id, id) as superseded, before a resend or a reminder replaces them: an old link is then
 * known as replaced rather than unknown. Alone, or as a CTE of the statement that replaces the
 * tokens (every part of one statement sees the rows as they were before it).
 */
export function keepSupersededTokensSql(invitations: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into invitation_superseded_tokens (org_id, token_hash, invitation_id)
    select i.org_id, i.token_hash, i.id
    from (${invitations}) as t(org_id, id)
    join invitations i on i.org_id = t.org_id and i.id = t.id
    on conflict (org_id, token_hash) do nothing`;
}

/** keepSupersededTokensSql for these invitations, in the caller's transaction, before their tokens are replaced. */
export async function keepSupersededTokens(db: Db, invitations: readonly { orgId: string; id: string }[]): Promise<void> {
  if (invitations.length === 0) return;
  await keepSupersededTokensSql(sql`select org_id, id from unnest(${invitations.map((r) => r.orgId)}::uuid[], ${invitations.map((r) => r.id)}::uuid[]) as u(org_id, id)`).execute(db);
}

/** The invitation a replaced token belonged to, as `{ orgId, invitationId }`, or undefined. */
export async function findSupersededToken(db: Db, tokenHash: Buffer): Promise<{ orgId: string; invitationId: string } | undefined> {
  return db.selectFrom('invitation_superseded_tokens').select(['orgId', 'invitationId']).where('tokenHash', '=', tokenHash).executeTakeFirst();
}
