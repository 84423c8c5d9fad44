/**
 * The console's people counts and status-filtered invitations pages in an organization of
 * 100,000 members (issue 7, items 4 and 6), through the real app: median and p95 of 50 calls each.
 * The members are seeded set-based: 60% active, 35% pending with an open invitation (1 in 200 past
 * its expiry and not yet swept), 5% deactivated, and the accepted, declined and revoked history.
 *
 *   node bench/people-counts.ts                         # PGlite
 *   DATABASE_URL=postgres://... node bench/people-counts.ts
 */
import { sql } from 'kysely';
import { createTestApp } from '../test/support/app.ts';
import { bootstrap, call } from '../test/support/client.ts';

const n = Number(process.env.BENCH_N ?? 100_000);
const t = await createTestApp();
try {
  const { apiToken, org } = await bootstrap(t, 'bench-counts');
  const db = t.database.db;
  await sql`
    insert into members (org_id, email, email_normalized, role, source, status, joined_at)
    select ${org.id}::uuid, 'p' || g || '@counts.test', 'p' || g || '@counts.test', 'member', 'api',
      case when g % 20 < 12 then 'active' when g % 20 < 19 then 'pending' else 'deactivated' end,
      case when g % 20 < 12 or g % 20 = 19 then now() end
    from generate_series(1, ${n}) g`.execute(db);
  await sql`
    insert into invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at, created_at, status, accepted_at, declined_at, revoked_at)
    select m.org_id, m.id, m.email, m.email_normalized, 'member', sha256(m.id::text::bytea),
      now() + case when m.status = 'pending' and random() < 0.005 then interval '-1 day' else interval '7 days' end,
      now() - random() * interval '30 days', s.status,
      case when s.status = 'accepted' then now() end, case when s.status = 'declined' then now() end, case when s.status = 'revoked' then now() end
    from members m
    cross join lateral (select case when m.status = 'pending' then 'pending' when m.status = 'deactivated' then 'revoked'
      when random() < 0.9 then 'accepted' else 'declined' end as status) s
    where m.org_id = ${org.id}::uuid and m.status <> 'active' or (m.org_id = ${org.id}::uuid and random() < 0.5)`.execute(db);
  await sql`vacuum analyze`.execute(db);

  async function measure(label: string, path: string): Promise<void> {
    const times: number[] = [];
    for (let i = 0; i < 55; i++) {
      const started = performance.now();
      const res = await call(t, 'GET', path, { token: apiToken });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      if (i >= 5) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(1);
    console.log(`${label.padEnd(36)} median ${at(0.5)} ms  p95 ${at(0.95)} ms`);
  }
  const counts = await call(t, 'GET', '/api/v1/orgs/bench-counts/people-counts', { token: apiToken });
  console.log(`${t.database.kind}, ${n.toLocaleString()} members:`, JSON.stringify(counts.body));
  await measure('people-counts', '/api/v1/orgs/bench-counts/people-counts');
  for (const status of ['', 'pending', 'expired', 'accepted', 'declined', 'revoked']) {
    await measure(`invitations first page ${status || 'all'}`, `/api/v1/orgs/bench-counts/invitations?limit=50${status ? `&status=${status}` : ''}`);
  }
} finally {
  await t.close();
}
