/** Set-based seeding (generate_series, one statement a table): no per-row round trips. */
import { sql } from 'kysely';
import type { Db } from '../../src/storage/db.ts';

/** `n` pending members never invited, addresses `<prefix><g>@bench.test`, g from 1. */
export async function seedPendingMembers(db: Db, orgId: string, n: number, prefix: string): Promise<void> {
  await sql`
    insert into members (org_id, email, email_normalized, role, status, source, invited_by)
    select ${orgId}::uuid, ${prefix} || g || '@bench.test', ${prefix} || g || '@bench.test', 'member', 'pending', 'api', 'system:bench'
    from generate_series(1, ${n}::int) g`.execute(db);
}

/**
 * `n` pending members, each with a pending invitation whose link token is `gli_bench_<prefix><g>`
 * (stored, as the product stores it, as its SHA-256).
 */
export async function seedInvitations(db: Db, orgId: string, n: number, prefix: string): Promise<void> {
  await seedPendingMembers(db, orgId, n, prefix);
  await sql`
    insert into invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at, invited_by)
    select m.org_id, m.id, m.email, m.email_normalized, 'member',
      sha256(convert_to('gli_bench_' || ${prefix} || split_part(substr(m.email, length(${prefix}) + 1), '@', 1), 'UTF8')),
      now() + interval '7 days', 'system:bench'
    from members m where m.org_id = ${orgId}::uuid and m.email like ${`${prefix}%@bench.test`}`.execute(db);
}

/** The link token seedInvitations gave invitee g. */
export const seededToken = (prefix: string, g: number) => `gli_bench_${prefix}${g}`;

/**
 * Verified accounts for seeded invitees 1..n, each signed in: account `bench-<prefix><g>` with
 * session `bench-s-<prefix><g>`, whose token (stored as its SHA-256, as the product stores
 * session tokens) is `bench-t-<prefix><g>`.
 */
export async function seedSignedInAccounts(db: Db, n: number, prefix: string): Promise<void> {
  await sql`
    insert into auth_user (id, name, email, email_verified)
    select 'bench-' || ${prefix} || g, 'Person ' || g, ${prefix} || g || '@bench.test', true from generate_series(1, ${n}::int) g`.execute(db);
  await sql`
    insert into auth_session (id, user_id, token, expires_at)
    select 'bench-s-' || ${prefix} || g, 'bench-' || ${prefix} || g, encode(sha256(convert_to('bench-t-' || ${prefix} || g, 'UTF8')), 'hex'), now() + interval '7 days'
    from generate_series(1, ${n}::int) g`.execute(db);
}
