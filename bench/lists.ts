/**
 * First page of the Users list and of the invitations list with 1,000,000 members in one
 * organization, with and without an email-prefix search (PRODUCT §5: p99 ≤ 10 ms at one
 * connection; ≥ 1,000 req/s at 16). Members are seeded by SQL (70 % active, 30 % pending, each
 * pending one with a pending invitation; 40 first names × 50 last names, addresses like
 * jsmith123@acme.test; added by the admin or their API token, by turns), statistics gathered, then
 * autocannon in its own process asks each page at 1 connection and at 16 (with the server's
 * processor time a request there). On PostgreSQL the floor is measured in the same run: the
 * statements each request issues, captured from the app and replayed prepared without HTTP, at 1
 * and 16.
 *
 *   npm run bench:lists                  BENCH_MEMBERS=1000000, BENCH_DURATION=5 seconds a load
 */
import { sql } from 'kysely';
import type { Db } from '../src/storage/db.ts';
import { main } from './lib/cleanup.ts';
import { freshDatabase, withOpen } from './lib/database.ts';
import { bearer, describeLoad, load } from './lib/load.ts';
import { fmt, report } from './lib/report.ts';
import { cpuSeconds } from './lib/process.ts';
import { bootstrapCli, startServer } from './lib/server.ts';
import { startHttpFloor } from './lib/http-floor.ts';
import { captureStatements, replayStatements } from './lib/statement-floor.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';

const MEMBERS = size('MEMBERS', 1_000_000);
const SECONDS = size('DURATION', 5);
const PREFIX = 'jsmi';
const FIRST = ['Ada', 'Alan', 'Alice', 'Amara', 'Ben', 'Carla', 'Chen', 'Dana', 'David', 'Elena', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ines', 'Ivan', 'James', 'Jana', 'John', 'Kofi', 'Laura', 'Leo', 'Maria', 'Mark', 'Marta', 'Mei', 'Nadia', 'Noah', 'Olga', 'Omar', 'Paula', 'Pedro', 'Rosa', 'Sam', 'Sara', 'Tariq', 'Uma', 'Victor', 'Yuki', 'Zoe'];
const LAST = ['Smith', 'Garcia', 'Muller', 'Rossi', 'Dubois', 'Nowak', 'Silva', 'Kim', 'Tanaka', 'Okafor', 'Haddad', 'Ivanova', 'Jensen', 'Costa', 'Novak', 'Lopez', 'Brown', 'Wilson', 'Khan', 'Singh', 'Chen', 'Lee', 'Martin', 'Bernard', 'Moreau', 'Fischer', 'Weber', 'Schulz', 'Romano', 'Ricci', 'Santos', 'Pereira', 'Yilmaz', 'Demir', 'Sato', 'Suzuki', 'Park', 'Nguyen', 'Tran', 'Ali', 'Hassan', 'Ahmed', 'Cohen', 'Levi', 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'Olsen', 'Berg'];

async function seed(db: Db, orgId: string): Promise<void> {
  await sql`
    insert into members (org_id, email, email_normalized, name, role, status, source, invited_by, created_at, joined_at)
    select ${orgId}::uuid, email, email, f || ' ' || l, 'member', case when g % 10 < 7 then 'active' else 'pending' end, 'api',
      -- Added by the admin or by their API token, as real people are: each page names its inviters.
      case when g % 2 = 0 then (select 'account:' || id from auth_user limit 1) else (select 'token:' || id from api_tokens limit 1) end,
      now() - (g % 365) * interval '1 day', case when g % 10 < 7 then now() - (g % 365) * interval '1 day' end
    from (select g, f, l, lower(left(f, 1) || l) || g || '@' || (array['acme.test', 'example.com', 'corp.test'])[1 + g % 3] as email
          from (select g, (${FIRST}::text[])[1 + g % ${FIRST.length}] as f, (${LAST}::text[])[1 + (g / ${FIRST.length}) % ${LAST.length}] as l
                from generate_series(1, ${MEMBERS}::int) g) names) people`.execute(db);
  await sql`
    insert into invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at, invited_by, created_at, last_sent_at)
    select org_id, id, email, email_normalized, 'member', sha256(convert_to(id::text, 'UTF8')), now() + interval '5 days', invited_by, created_at, created_at
    from members where org_id = ${orgId}::uuid and status = 'pending'`.execute(db);
  await sql`vacuum analyze`.execute(db);
}

interface Case { row: string; path: string; search: boolean }

await main(async () => {
  const db = await freshDatabase('lists');
  const admin = await bootstrapCli(db, 'bench-lists');
  const seeding = performance.now();
  await withOpen(db, (h) => seed(h.db, admin.orgId));
  console.log(`seeded ${MEMBERS.toLocaleString('en')} members in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const server = await startServer(db);
  const org = `/api/v1/orgs/${admin.slug}`;
  const cases: Case[] = [
    { row: 'Users list, first page', path: `${org}/members?limit=50`, search: false },
    { row: `Users list, email prefix "${PREFIX}"`, path: `${org}/members?limit=50&q=${PREFIX}`, search: true },
    { row: 'invitations list, first page', path: `${org}/invitations?limit=50`, search: false },
    { row: `invitations list, email prefix "${PREFIX}"`, path: `${org}/invitations?limit=50&q=${PREFIX}`, search: true },
  ];
  for (const c of cases) {
    const res = await fetch(`${server.url}${c.path}`, { headers: bearer(admin.token) });
    const body = (await res.json()) as { items?: Array<{ email: string }> };
    const items = body.items ?? [];
    const unfiltered = c.search && items.some((i) => !i.email.toLowerCase().startsWith(PREFIX));
    if (res.status !== 200 || items.length === 0 || unfiltered) {
      report('lists', { row: c.row, db: db.kind, figure: summarize([]), unit: 'req/s', target: 'p99 ≤ 10 ms at 1 connection; ≥ 1,000 req/s at 16', pass: false, unavailable: unfiltered ? 'search not supported (q= ignored: the page is unfiltered)' : `answered ${res.status} with ${items.length} rows` });
      continue;
    }
    console.log(`${c.row} (${db.kind}): ${items.length} rows a page`);
    const one = await runs(runCount(), () => load({ url: server.url, method: 'GET', path: c.path, headers: bearer(admin.token), connections: 1, durationS: SECONDS, body: { kind: 'none' } }), (r) => `1 connection: ${describeLoad(r)}`);
    // The server's processor time a request: with req/s, whether its one thread was saturated.
    const many = await runs(runCount(), async () => {
      const before = cpuSeconds(server.pid);
      const r = await load({ url: server.url, method: 'GET', path: c.path, headers: bearer(admin.token), connections: 16, durationS: SECONDS, body: { kind: 'none' } });
      return { ...r, cpuUs: ((cpuSeconds(server.pid) - before) * 1e6) / Math.max(1, r.ok) };
    }, (r) => `16 connections: ${describeLoad(r)}; server CPU ${fmt(r.cpuUs)} µs a request`);
    const p99 = summarize(one.map((r) => r.latency.p99));
    const rps = summarize(many.map((r) => r.rps));
    const cpu = summarize(many.map((r) => r.cpuUs));
    let baseline;
    if (db.kind === 'postgres') {
      // The floor: the same statements, prepared, over plain connections (bench/lib/statement-floor.ts).
      const statements = await captureStatements(db.url!, c.path, bearer(admin.token));
      const floorOne = await runs(runCount(), () => replayStatements(db.url!, statements, 1, SECONDS), (r) => `floor, 1 connection: p99 ${fmt(r.p99)} ms`);
      const floorMany = await runs(runCount(), () => replayStatements(db.url!, statements, 16, SECONDS), (r) => `floor, 16 connections: ${Math.round(r.rps)}/s`);
      const floorRps = summarize(floorMany.map((r) => r.rps));
      // The same statements behind a bare node:http server, loaded by the same autocannon process.
      const httpFloor = await startHttpFloor(db.url!, statements, 16);
      const httpRuns = await runs(runCount(), () => load({ url: httpFloor.url, method: 'GET', path: '/', headers: {}, connections: 16, durationS: SECONDS, body: { kind: 'none' } }), (r) => `HTTP floor, 16 connections: ${describeLoad(r)}`);
      await httpFloor.stop();
      const httpRps = summarize(httpRuns.map((r) => r.rps));
      baseline = {
        label: `floor: its ${statements.length} statements, prepared, no HTTP; and behind a bare node:http server`,
        text: `p99 ${fmt(summarize(floorOne.map((r) => r.p99)).median)} ms at 1 connection; ${fmt(floorRps.median)} req/s at 16 (min ${fmt(floorRps.min)}, max ${fmt(floorRps.max)}); with HTTP ${fmt(httpRps.median)} req/s at 16 (min ${fmt(httpRps.min)}, max ${fmt(httpRps.max)}); the product's req/s at 16 is ${fmt(rps.median / floorRps.median)}× the SQL floor and ${fmt(rps.median / httpRps.median)}× the HTTP floor`,
        ratio: rps.median / httpRps.median,
      };
    }
    report('lists', {
      ...(baseline ? { baseline } : {}),
      row: c.row,
      db: db.kind,
      figure: p99,
      unit: 'ms p99 at 1 connection',
      details: `${fmt(rps.median)} req/s at 16 connections (min ${fmt(rps.min)}, max ${fmt(rps.max)}), server CPU ${fmt(cpu.median)} µs a request there, p50 ${fmt(summarize(one.map((r) => r.latency.p50)).median)} ms at 1; ${MEMBERS.toLocaleString('en')} members`,
      target: 'p99 ≤ 10 ms at 1 connection; ≥ 1,000 req/s at 16',
      pass: MEMBERS === 1_000_000 ? p99.median <= 10 && rps.median >= 1000 : undefined,
    });
  }
});
