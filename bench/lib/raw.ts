/**
 * Raw-SQL baselines measured beside the product: the same rows written by plain statements into
 * tables shaped like the product's (`like ... including all`: same columns, keys, indexes and
 * checks; foreign keys are not copied), in a scratch schema of the same database.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../../src/storage/db.ts';

const TABLES = ['members', 'invitations', 'notifications', 'audit_events', 'invitation_sends'] as const;

/** (Re)creates the scratch schema `raw` with copies of the tables the invite path writes. */
export async function createRawTables(db: Db): Promise<void> {
  await sql`drop schema if exists raw cascade`.execute(db);
  await sql`create schema raw`.execute(db);
  for (const t of TABLES) await sql`create table ${sql.raw(`raw.${t}`)} (like ${sql.raw(`public.${t}`)} including all)`.execute(db);
}

function payload(orgId: string, email: string, invitationId: string, memberId: string): string {
  // About the size of an invitation email's outbox payload.
  return JSON.stringify({
    invitationId, memberId, email, name: null, orgId, orgName: 'Bench', orgSlug: 'bench', inviterName: 'Bench admin', role: 'member',
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    acceptUrl: `http://127.0.0.1:3000/invite#token=gli_${randomUUID()}${randomUUID()}`, signInUrl: 'http://127.0.0.1:3000/sign-in',
  });
}

/**
 * Writes `emails` as the invite path does (a member, an invitation, an outbox row and an audit row
 * each) by one `INSERT ... SELECT FROM unnest(...)` per table per 1,000 rows, in one transaction.
 * Returns the milliseconds it took. Rows are built before the clock starts.
 */
export async function rawBulkInsert(db: Db, orgId: string, emails: readonly string[]): Promise<number> {
  const chunks: Array<{ members: string[]; invitations: string[]; emails: string[]; hashes: string[]; payloads: string[]; audit: string[] }> = [];
  for (let i = 0; i < emails.length; i += 1000) {
    const e = emails.slice(i, i + 1000);
    const members = e.map(() => randomUUID());
    const invitations = e.map(() => randomUUID());
    chunks.push({
      members, invitations, emails: e,
      hashes: e.map(() => createHash('sha256').update(randomUUID()).digest('hex')),
      payloads: e.map((x, j) => payload(orgId, x, invitations[j]!, members[j]!)),
      audit: e.map((x) => JSON.stringify({ email: x, role: 'member' })),
    });
  }
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const c of chunks) {
      await sql`insert into raw.members (org_id, id, email, email_normalized, role, source, invited_by)
        select ${orgId}::uuid, id, e, e, 'member', 'api', 'token:bench' from unnest(${c.members}::uuid[], ${c.emails}::text[]) as u(id, e)`.execute(trx);
      await sql`insert into raw.invitations (org_id, id, member_id, email, email_normalized, role, token_hash, expires_at, invited_by)
        select ${orgId}::uuid, id, m, e, e, 'member', decode(h, 'hex'), now() + interval '7 days', 'token:bench'
        from unnest(${c.invitations}::uuid[], ${c.members}::uuid[], ${c.emails}::text[], ${c.hashes}::text[]) as u(id, m, e, h)`.execute(trx);
      await sql`insert into raw.notifications (org_id, channel, kind, recipient, payload)
        select ${orgId}::uuid, 'email', 'invitation', e, p::jsonb from unnest(${c.emails}::text[], ${c.payloads}::text[]) as u(e, p)`.execute(trx);
      await sql`insert into raw.audit_events (org_id, actor, action, target, data)
        select ${orgId}::uuid, 'token:bench', 'invitation.created', t, d::jsonb from unnest(${c.invitations}::text[], ${c.audit}::text[]) as u(t, d)`.execute(trx);
    }
  });
  return performance.now() - started;
}

/**
 * What "send to all pending" writes for members that exist, by SQL alone: an invitation and an
 * outbox row per address (one `INSERT ... SELECT FROM unnest(...)` per table per 5,000 rows, the
 * product's slice) and one audit event naming them all, in one transaction. Returns milliseconds.
 */
export async function rawInvitationsOnly(db: Db, orgId: string, emails: readonly string[]): Promise<number> {
  const chunks: Array<{ members: string[]; invitations: string[]; emails: string[]; hashes: string[]; payloads: string[] }> = [];
  for (let i = 0; i < emails.length; i += 5000) {
    const e = emails.slice(i, i + 5000);
    const members = e.map(() => randomUUID());
    const invitations = e.map(() => randomUUID());
    chunks.push({ members, invitations, emails: e, hashes: e.map(() => createHash('sha256').update(randomUUID()).digest('hex')), payloads: e.map((x, j) => payload(orgId, x, invitations[j]!, members[j]!)) });
  }
  const audit = JSON.stringify({ count: emails.length, items: emails.map((email) => ({ email, role: 'member' })) });
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const c of chunks) {
      await sql`insert into raw.invitations (org_id, id, member_id, email, email_normalized, role, token_hash, expires_at, invited_by)
        select ${orgId}::uuid, id, m, e, e, 'member', decode(h, 'hex'), now() + interval '7 days', 'token:bench'
        from unnest(${c.invitations}::uuid[], ${c.members}::uuid[], ${c.emails}::text[], ${c.hashes}::text[]) as u(id, m, e, h)`.execute(trx);
      await sql`insert into raw.notifications (org_id, channel, kind, recipient, payload)
        select ${orgId}::uuid, 'email', 'invitation', e, p::jsonb from unnest(${c.emails}::text[], ${c.payloads}::text[]) as u(e, p)`.execute(trx);
    }
    await sql`insert into raw.audit_events (org_id, actor, action, target, data) values (${orgId}::uuid, 'token:bench', 'invitation.created', null, ${audit}::jsonb)`.execute(trx);
  });
  return performance.now() - started;
}

/**
 * The floor for single invites: one parameterised INSERT per row into the raw invitations copy,
 * autocommit, from `connections` connections for `seconds`. Returns rows a second.
 */
export async function rawSingleInserts(url: string, orgId: string, connections: number, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    let rows = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    const client = async (c: number) => {
      for (let i = 0; performance.now() < until; i++) {
        const email = `floor${c}-${i}-${randomUUID().slice(0, 8)}@bench.test`;
        await pool.query({
          name: 'floor',
          text: `insert into raw.invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at) values ($1, $2, $3, $3, 'member', $4, now() + interval '7 days')`,
          values: [orgId, randomUUID(), email, createHash('sha256').update(email).digest()],
        });
        rows++;
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, c) => client(c)));
    return (rows / (performance.now() - started)) * 1000;
  } finally {
    await pool.end();
  }
}

/**
 * The floor for single invites that keep the product's rules: per invite, the round trips one
 * `POST /orgs/{org}/invitations` with one address makes on PostgreSQL (test/http/round-trips.test.ts
 * pins them), as named prepared statements without HTTP or an ORM — the token with its
 * organization, then one transaction locking the organization, reading the daily cap, writing the
 * member, and one statement writing the invitation, its outbox row, the cap counter and both audit
 * rows (into the raw copies, which have no foreign keys or triggers). From `connections`
 * connections for `seconds`; returns invites a second.
 */
export async function rawSingleInvites(url: string, orgId: string, slug: string, connections: number, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    let invites = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    const one = async (client: pg.PoolClient, c: number, i: number) => {
      const email = `same${c}-${i}-${randomUUID().slice(0, 8)}@bench.test`;
      const memberId = randomUUID();
      const invitationId = randomUUID();
      const q = (name: string, text: string, values: unknown[]) => client.query({ name, text, values });
      await q('f-token', `select t.id, t.org_id, t.scope, t.name, t.last_used_at, o.slug, o.name as org_name from api_tokens t join organizations o on o.id = t.org_id
        where t.token_hash = $1 and t.revoked_at is null and o.slug = $2`, [createHash('sha256').update(email).digest(), slug]);
      await client.query('begin');
      await q('f-lock', 'select id, slug, name, notifications_enabled, invitation_ttl_days from organizations where id = $1 for share', [orgId]);
      await q('f-cap', `select coalesce(sum(sent), 0)::int as n from invitation_sends where org_id = $1 and hour > now() - interval '25 hours'`, [orgId]);
      await q('f-member', `insert into raw.members (org_id, id, email, email_normalized, role, source, invited_by) values ($1, $2, $3, $3, 'member', 'api', 'token:bench')
        on conflict (org_id, email_normalized) do nothing returning id, email, status`, [orgId, memberId, email]);
      await q('f-write', `with inv as (
          insert into raw.invitations (org_id, id, member_id, email, email_normalized, role, token_hash, expires_at, last_sent_at, invited_by)
          values ($1, $2, $3, $4, $4, 'member', $5, now() + interval '7 days', now(), 'token:bench') on conflict (org_id, member_id) where status = 'pending' do nothing returning id
        ), outbox as (
          insert into raw.notifications (org_id, channel, kind, recipient, payload) select $1, 'email', 'invitation', $4, $6::jsonb from inv
        ), sends as (
          insert into raw.invitation_sends (org_id, hour, slot, sent) select $1, date_trunc('hour', now()), $7, 1 from inv
          on conflict (org_id, hour, slot) do update set sent = raw.invitation_sends.sent + excluded.sent
        ), audited as (
          insert into raw.audit_events (org_id, actor, action, target, data)
          values ($1, 'token:bench', 'member.created', 'member:' || $3, $8::jsonb), ($1, 'token:bench', 'invitation.created', 'invitation:' || $2, $9::jsonb)
        ) select id from inv`,
      [orgId, invitationId, memberId, email, createHash('sha256').update(invitationId).digest(), payload(orgId, email, invitationId, memberId), c % 16,
        JSON.stringify({ email, role: 'member' }), JSON.stringify({ memberId, email, role: 'member' })]);
      await client.query('commit');
    };
    const worker = async (c: number) => {
      const client = await pool.connect();
      try {
        for (let i = 0; performance.now() < until; i++) {
          await one(client, c, i);
          invites++;
        }
      } finally {
        client.release();
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, c) => worker(c)));
    return (invites / (performance.now() - started)) * 1000;
  } finally {
    await pool.end();
  }
}
