/**
 * The Users list at 100,000 members (PRODUCT §5: p99 ≤ 10 ms at one connection): seeds a fresh
 * database set-based (60 % active, 30 % pending, 10 % deactivated; pending people invited,
 * never invited, revoked, expired both ways and declined; accepted invitations behind the
 * active ones), then asks `GET /orgs/{org}/members` through the real app, one request at a time,
 * for each case, and prints p50 and p99 against the target. The baseline is `GET /orgs/{org}`:
 * the same routing and token check with no list, to tell the list's own cost from the request's.
 *
 *   npm run bench:members-list                 # PGlite
 *   DATABASE_URL=postgres://... npm run bench:members-list
 *
 * BENCH_N changes the member count, BENCH_REPEAT the requests per case. PostgreSQL's statistics
 * are gathered after the seed (autovacuum would do it within a minute); PGlite has no autovacuum,
 * so it is measured as it is, then again after ANALYZE.
 */
import { sql } from 'kysely';
import { encodeCursor } from '../src/http/pagination.ts';
import { createTestApp } from '../test/support/app.ts';
import { bootstrap } from '../test/support/client.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 300);
const TARGET_P99_MS = 10;
const SLUG = 'bench-list';

const FIRST = ['Ada', 'Alan', 'Alice', 'Amara', 'Ben', 'Carla', 'Chen', 'Dana', 'David', 'Elena', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ines', 'Ivan', 'James', 'Jana', 'John', 'Kofi', 'Laura', 'Leo', 'Maria', 'Mark', 'Marta', 'Mei', 'Nadia', 'Noah', 'Olga', 'Omar', 'Paula', 'Pedro', 'Rosa', 'Sam', 'Sara', 'Tariq', 'Uma', 'Victor', 'Yuki', 'Zoe'];
const LAST = ['Smith', 'Garcia', 'Muller', 'Rossi', 'Dubois', 'Nowak', 'Silva', 'Kim', 'Tanaka', 'Okafor', 'Haddad', 'Ivanova', 'Jensen', 'Costa', 'Novak', 'Lopez', 'Brown', 'Wilson', 'Khan', 'Singh', 'Chen', 'Lee', 'Martin', 'Bernard', 'Moreau', 'Fischer', 'Weber', 'Schulz', 'Romano', 'Ricci', 'Santos', 'Pereira', 'Yilmaz', 'Demir', 'Sato', 'Suzuki', 'Park', 'Nguyen', 'Tran', 'Ali', 'Hassan', 'Ahmed', 'Cohen', 'Levi', 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'Olsen', 'Berg'];

const t = await createTestApp();
const db = t.database.db;

/** Members and their invitations in a few INSERT ... SELECT statements (no per-row round trip). */
async function seed(orgId: string, adminAccountId: string, tokenId: string): Promise<void> {
  await sql`
    insert into members (org_id, email, email_normalized, name, role, status, source, invited_by, created_at, joined_at)
    select ${orgId}::uuid, email, lower(email), case when g % 20 = 0 then null else f || ' ' || l end,
      case when g % 1000 = 0 then 'admin' when (g * 104729::bigint) % 1000 < 150 then 'guest' else 'member' end,
      case when h < 600 then 'active' when h < 900 then 'pending' else 'deactivated' end,
      'api', case when g % 4 = 0 then ${`token:${tokenId}`} else ${`account:${adminAccountId}`} end,
      now() - (g % 365) * interval '1 day',
      case when h < 600 or h >= 900 then now() - (g % 365) * interval '1 day' + interval '1 day' end
    from (
      select g, f, l, (g * 7919::bigint) % 1000 as h, left(f, 1) || l || g || '@' || (array['acme.test', 'example.com', 'corp.test'])[1 + g % 3] as email
      from (select g, (${FIRST}::text[])[1 + g % ${FIRST.length}] as f, (${LAST}::text[])[1 + (g / ${FIRST.length}) % ${LAST.length}] as l
            from generate_series(1, ${N}::int) g) names
    ) people
  `.execute(db);
  // Pending people by kind: k < 55 invited, < 65 never invited, < 75 revoked, < 82 past expiry but
  // not swept, < 88 swept to expired, else declined; every fifth invited one has an older revoked invitation.
  const columns = sql`org_id, member_id, email, email_normalized, role, status, token_hash, expires_at, sent_count, last_sent_at, invited_by, created_at, accepted_at, declined_at, revoked_at`;
  await sql`
    insert into invitations (${columns})
    select m.org_id, m.id, m.email, m.email_normalized, m.role,
      case when m.status <> 'pending' then 'accepted' when k < 55 or k between 75 and 81 then 'pending' when k < 75 then 'revoked' when k < 88 then 'expired' else 'declined' end,
      sha256(convert_to(m.id::text, 'UTF8')),
      case when m.status = 'pending' and k >= 75 then now() - interval '2 days' else now() + interval '5 days' end,
      1 + k % 3, m.created_at, m.invited_by, m.created_at,
      case when m.status <> 'pending' then m.created_at + interval '1 day' end,
      case when m.status = 'pending' and k >= 88 then m.created_at + interval '1 day' end,
      case when m.status = 'pending' and k between 65 and 74 then m.created_at + interval '1 day' end
    from (select *, abs(hashtext(email_normalized)) % 100 as k from members where org_id = ${orgId}::uuid and invited_by not like 'system:%') m
    where m.status <> 'pending' or k < 55 or k >= 65
  `.execute(db);
  await sql`
    insert into invitations (${columns})
    select org_id, id, email, email_normalized, role, 'revoked', sha256(convert_to('old' || id::text, 'UTF8')), created_at - interval '1 day',
      1, created_at - interval '8 days', invited_by, created_at - interval '8 days', null, null, created_at - interval '7 days'
    from members where org_id = ${orgId}::uuid and status = 'pending' and abs(hashtext(email_normalized)) % 100 < 55 and abs(hashtext(email)) % 5 = 0
  `.execute(db);
}

/** One request shape; `path` defaults to the members list with `query`. */
interface Case { label: string; query?: string; path?: string }

async function measure(token: string, c: Case): Promise<{ p50: number; p99: number; items: number }> {
  const ask = async () => {
    const res = await t.app.request(`http://localhost/api/v1/orgs/${SLUG}${c.path ?? `/members?${c.query}`}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: unknown[] };
    if (res.status !== 200) throw new Error(`${c.label}: ${res.status} ${JSON.stringify(body)}`);
    return body.items?.length ?? 1;
  };
  for (let i = 0; i < 20; i++) await ask();
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    items = await ask();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!;
  return { p50: at(0.5), p99: at(0.99), items };
}

async function run(token: string, cases: Case[], note: string): Promise<void> {
  console.log(`\n${t.database.kind}, ${N.toLocaleString('en')} members, ${note}; ${REPEAT} requests a case, one at a time (target p99 ≤ ${TARGET_P99_MS} ms)`);
  for (const c of cases) {
    const { p50, p99, items } = await measure(token, c);
    const verdict = p99 <= TARGET_P99_MS ? 'met' : 'NOT MET';
    console.log(`  ${c.label.padEnd(34)} p50 ${p50.toFixed(2).padStart(6)} ms  p99 ${p99.toFixed(2).padStart(6)} ms  (${items} rows)  ${verdict}`);
  }
}

try {
  const { apiToken, org } = await bootstrap(t, SLUG);
  const ids = await sql<{ accountId: string; tokenId: string }>`
    select (select account_id from members where org_id = ${org.id}::uuid and role = 'admin') as "accountId",
      (select id from api_tokens where org_id = ${org.id}::uuid) as "tokenId"
  `.execute(db);
  const { accountId, tokenId } = ids.rows[0]!;
  const seeding = performance.now();
  await seed(org.id, accountId, tokenId);
  const counts = await sql<{ status: string; n: number }>`select status, count(*)::int as n from members where org_id = ${org.id}::uuid group by status order by status`.execute(db);
  console.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s: ${counts.rows.map((r) => `${r.n} ${r.status}`).join(', ')}`);
  const middle = await sql<{ e: string }>`select email_normalized as e from members where org_id = ${org.id}::uuid order by email_normalized offset ${Math.floor(N * 0.6)} limit 1`.execute(db);
  const cases: Case[] = [
    { label: 'baseline: GET /orgs/{org}', path: '' },
    { label: 'first page', query: 'limit=50' },
    { label: 'deep page (cursor at 60 %)', query: `limit=50&cursor=${encodeCursor([middle.rows[0]!.e])}` },
    { label: 'name prefix "Mar"', query: 'limit=50&q=Mar' },
    { label: 'name prefix "Sara Ok"', query: 'limit=50&q=Sara%20Ok' },
    { label: 'email prefix "jsmi"', query: 'limit=50&q=jsmi' },
    { label: 'email prefix "tokafor1"', query: 'limit=50&q=tokafor1' },
    { label: 'one letter "m"', query: 'limit=50&q=m' },
    ...['active', 'pending', 'deactivated', 'invited', 'not_invited', 'expired', 'declined'].map((s) => ({ label: `status=${s}`, query: `limit=50&status=${s}` })),
    { label: 'status=declined, deep page', query: `limit=50&status=declined&cursor=${encodeCursor([middle.rows[0]!.e])}` },
    { label: 'role=admin', query: 'limit=50&role=admin' },
    { label: 'role=guest&status=expired', query: 'limit=50&role=guest&status=expired' },
  ];
  if (t.database.kind === 'pglite') {
    await run(apiToken, cases, 'no statistics (as a PGlite data folder is)');
    await sql`analyze`.execute(db);
    await run(apiToken, cases, 'after ANALYZE');
  } else {
    await sql`analyze`.execute(db);
    await run(apiToken, cases, 'after ANALYZE');
  }
} finally {
  await t.close();
}
