import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * The token hashes a resend replaced, so an old link can say that a newer invitation was sent
 * instead of "not valid". Only hashes are kept, never a token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create table invitation_superseded_tokens (
      org_id uuid not null,
      token_hash bytea not null check (length(token_hash) = 32),
      invitation_id uuid not null,
      superseded_at timestamptz not null default now(),
      primary key (org_id, token_hash),
      foreign key (org_id, invitation_id) references invitations(org_id, id) on delete cascade
    );
    create index invitation_superseded_tokens_hash on invitation_superseded_tokens (token_hash);
    create index invitation_superseded_tokens_invitation on invitation_superseded_tokens (org_id, invitation_id);
  `,
  );
}
