/**
 * SCIM 2.0 (issue 11; no §5 target): what an identity provider's first sync costs, against the real
 * server (its delivery worker sending the invitation emails to a counting SMTP peer, as in
 * production). Each run uses a new organization and a new SCIM token; every request must succeed.
 *  1. `POST /scim/v2/Users` with Okta's body, a new address each: one request at a time (providers
 *     that do not parallelize), and from autocannon in its own process at 8 connections (Okta and
 *     Entra use about 5).
 *  2. No degradation: over the sequential creates, the rate of the last 1,000 against the first
 *     1,000 (PASS at ≥ 0.8×).
 *  3. An Okta-style import, end to end, by 5 workers: for each user the exists-check
 *     (`GET /Users?filter=userName eq "..."`) then `POST /Users`; then for each group the
 *     exists-check, `POST /Groups` without members and one `PATCH` adding its members. Checked
 *     afterwards through SCIM (users with an externalId, groups and their members).
 * The daily invitation cap is out of the way (BENCH_SERVER_ENV: INVITATIONS_PER_DAY_PER_ORG).
 *
 *   npm run bench:scim      BENCH_N=10000 creates a run (both kinds), BENCH_USERS=10000,
 *                           BENCH_GROUPS=100 for the import, BENCH_RUNS=3; PostgreSQL when
 *                           DATABASE_URL is set, PGlite otherwise (BENCH_DB overrides)
 */
import { main } from './lib/cleanup.ts';
import { freshDatabase } from './lib/database.ts';
import { describeLoad, load } from './lib/load.ts';
import { fmt, report } from './lib/report.ts';
import { api, bootstrapCli, startServer, type BenchServer } from './lib/server.ts';
import { startSmtpPeer, type SmtpPeer } from './lib/smtp.ts';
import { percentile, runCount, runs, size, summarize } from './lib/stats.ts';

const N = size('N', 10_000);
const USERS = size('USERS', 10_000);
const GROUPS = size('GROUPS', 100);
const CONNECTIONS = 8;
const WORKERS = 5;
const WINDOW = Math.min(1000, Math.floor(N / 2));
const NO_TARGET = 'no target (issue 11)';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Okta's body for a new user. */
function userBody(email: string, i: number): string {
  return JSON.stringify({
    schemas: [USER_SCHEMA], userName: email, name: { givenName: `Given${i}`, familyName: `Family${i}` },
    emails: [{ primary: true, value: email, type: 'work' }], displayName: `Given${i} Family${i}`, locale: 'en-US',
    externalId: `00u${email.split('@')[0]!.replace(/[^a-z0-9]/g, '')}`, groups: [], password: 'x1y2z3', active: true,
  });
}

function scimHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
}

/** One SCIM request; throws with the answer unless it is 2xx. */
async function scim<T>(server: BenchServer, token: string, method: string, path: string, body?: string): Promise<T> {
  const res = await fetch(`${server.url}/scim/v2${path}`, { method, headers: scimHeaders(token), ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`SCIM ${method} ${path.slice(0, 200)} answered ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const filter = (attr: string, value: string) => `filter=${encodeURIComponent(`${attr} eq "${value}"`)}&startIndex=1&count=100`;

/** Runs `fn` over the items with `workers` in parallel, each taking the next item when done. */
async function pool<T>(items: readonly T[], workers: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

await main(async () => {
  const db = await freshDatabase('scim');
  const admin = await bootstrapCli(db, 'bench-scim');
  const smtp: SmtpPeer = await startSmtpPeer();
  const server = await startServer(db, { SMTP_URL: smtp.url });
  console.log(`SCIM (${db.kind}): ${N.toLocaleString('en')} creates a run; import of ${USERS.toLocaleString('en')} users and ${GROUPS} groups by ${WORKERS} workers`);
  let orgs = 0;
  /** A new organization (bootstrapped like the others) and a SCIM token of its own. */
  const freshOrg = async (): Promise<string> => {
    const org = orgs === 0 ? admin : await bootstrapCli(db, `bench-scim-${orgs}`);
    orgs++;
    const created = await api<{ token: string }>(server, org, 'POST', `/orgs/${org.slug}/api-tokens`, { name: 'okta', scope: 'scim' });
    return created.token;
  };
  /** Every invitation email of the run reached the SMTP peer, so the next run starts on a quiet server. */
  const drained = async (n: number) => { await smtp.waitFor(n, 120_000); await smtp.reset(); };
  await smtp.reset();

  // 1a, 2: one create at a time.
  const sequential = await runs(runCount(), async (run) => {
    const n = run < 0 ? Math.min(500, N) : N;
    const token = await freshOrg();
    const latencies: number[] = [];
    const doneAt: number[] = [];
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const email = `s${run + 1}-${i}@okta.test`;
      const at = performance.now();
      await scim(server, token, 'POST', '/Users', userBody(email, i));
      doneAt.push(performance.now());
      latencies.push(doneAt[i]! - at);
    }
    const w = Math.min(WINDOW, Math.floor(n / 2));
    const first = (w / (doneAt[w - 1]! - started)) * 1000;
    const last = (w / (doneAt[n - 1]! - doneAt[n - w - 1]!)) * 1000;
    await drained(n);
    return { n, rate: (n / (doneAt[n - 1]! - started)) * 1000, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), first, last, ratio: last / first };
  }, (r) => `${r.n} creates at ${fmt(r.rate)}/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms; first ${WINDOW} ${fmt(r.first)}/s, last ${WINDOW} ${fmt(r.last)}/s (${fmt(r.ratio)}×)`);

  // 1b: Okta's concurrency, from autocannon in its own process.
  const concurrent = await runs(runCount(), async (run) => {
    const n = run < 0 ? Math.min(500, N) : N;
    const token = await freshOrg();
    const items = Array.from({ length: n }, (_, i) => ({ body: userBody(`c${run + 1}-${i}@okta.test`, i) }));
    const r = await load({ url: server.url, method: 'POST', path: '/scim/v2/Users', headers: scimHeaders(token), connections: CONNECTIONS, durationS: 0, body: { kind: 'list', items } });
    if (r.non2xx + r.errors > 0 || r.ok !== n) throw new Error(`SCIM creates at ${CONNECTIONS} connections failed: ${r.ok}/${n} ok; ${r.failures[0] ?? `${r.errors} errors`}`);
    await drained(n);
    return r;
  }, describeLoad);

  // 3: the Okta-style import.
  const imports = await runs(runCount(), async (run) => {
    const users = run < 0 ? Math.min(1000, USERS) : USERS;
    const groups = run < 0 ? Math.min(10, GROUPS) : GROUPS;
    const token = await freshOrg();
    const times: Record<string, number[]> = { 'GET /Users': [], 'POST /Users': [], 'GET /Groups': [], 'POST /Groups': [], 'PATCH /Groups': [] };
    const timed = async <T>(kind: string, request: () => Promise<T>): Promise<T> => {
      const at = performance.now();
      const result = await request();
      times[kind]!.push(performance.now() - at);
      return result;
    };
    const emails = Array.from({ length: users }, (_, i) => `i${run + 1}-${i}@okta.test`);
    const ids: string[] = new Array<string>(users);
    const started = performance.now();
    await pool(emails, WORKERS, async (email, i) => {
      const found = await timed('GET /Users', () => scim<{ totalResults: number }>(server, token, 'GET', `/Users?${filter('userName', email)}`));
      if (found.totalResults !== 0) throw new Error(`${email} exists before its create`);
      ids[i] = (await timed('POST /Users', () => scim<{ id: string }>(server, token, 'POST', '/Users', userBody(email, i)))).id;
    });
    const usersAt = performance.now();
    const names = Array.from({ length: groups }, (_, g) => `Okta group ${run + 1}-${g}`);
    await pool(names, WORKERS, async (name, g) => {
      const found = await timed('GET /Groups', () => scim<{ totalResults: number }>(server, token, 'GET', `/Groups?${filter('displayName', name)}`));
      if (found.totalResults !== 0) throw new Error(`group ${name} exists before its create`);
      const group = await timed('POST /Groups', () => scim<{ id: string }>(server, token, 'POST', '/Groups', JSON.stringify({ schemas: [GROUP_SCHEMA], displayName: name, members: [] })));
      const members = ids.flatMap((id, i) => (i % groups === g ? [{ value: id, display: emails[i]! }] : []));
      await timed('PATCH /Groups', () => scim(server, token, 'PATCH', `/Groups/${group.id}`, JSON.stringify({ schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: members }] })));
    });
    const ended = performance.now();
    const provisioned = await scim<{ totalResults: number }>(server, token, 'GET', `/Users?filter=${encodeURIComponent('externalId pr')}&count=0`);
    const teams = await scim<{ totalResults: number; Resources: Array<{ members?: unknown[] }> }>(server, token, 'GET', `/Groups?startIndex=1&count=1000`);
    const memberships = teams.Resources.reduce((sum, t) => sum + (t.members?.length ?? 0), 0);
    if (provisioned.totalResults !== users || teams.totalResults !== groups || memberships !== users) {
      throw new Error(`import check: ${provisioned.totalResults} SCIM users (want ${users}), ${teams.totalResults} groups (want ${groups}), ${memberships} memberships (want ${users})`);
    }
    await drained(users);
    const byKind = Object.entries(times).map(([kind, t]) => ({ kind, total: t.reduce((a, b) => a + b, 0), p50: percentile(t, 0.5), p99: percentile(t, 0.99), count: t.length }));
    return { users, groups, totalS: (ended - started) / 1000, usersS: (usersAt - started) / 1000, groupsS: (ended - usersAt) / 1000, byKind };
  }, (r) => `${r.users} users and ${r.groups} groups in ${fmt(r.totalS)} s (users ${fmt(r.usersS)} s, groups ${fmt(r.groupsS)} s); ${r.byKind.map((k) => `${k.kind} p50 ${fmt(k.p50)} ms p99 ${fmt(k.p99)} ms, ${fmt(k.total / 1000)} s in all`).join('; ')}`);

  const seqRate = summarize(sequential.map((r) => r.rate));
  report('scim', {
    row: 'SCIM POST /Users, one request at a time', db: db.kind, figure: seqRate, unit: 'creates/s',
    details: `p50 ${fmt(summarize(sequential.map((r) => r.p50)).median)} ms, p99 ${fmt(summarize(sequential.map((r) => r.p99)).median)} ms; ${N.toLocaleString('en')} creates a run; ${NO_TARGET}`,
  });
  const ratio = summarize(sequential.map((r) => r.ratio));
  report('scim', {
    row: `SCIM sequential creates, last ${WINDOW.toLocaleString('en')} / first ${WINDOW.toLocaleString('en')} of ${N.toLocaleString('en')}`, db: db.kind, figure: ratio, unit: '×',
    details: `first ${fmt(summarize(sequential.map((r) => r.first)).median)}/s, last ${fmt(summarize(sequential.map((r) => r.last)).median)}/s`,
    target: 'no degradation (issue 11): last ≥ 0.8× the first', pass: ratio.median >= 0.8,
  });
  report('scim', {
    row: `SCIM POST /Users, ${CONNECTIONS} connections`, db: db.kind, figure: summarize(concurrent.map((r) => r.rps)), unit: 'creates/s',
    details: `p50 ${fmt(summarize(concurrent.map((r) => r.latency.p50)).median)} ms, p99 ${fmt(summarize(concurrent.map((r) => r.latency.p99)).median)} ms; ${N.toLocaleString('en')} creates a run; ${NO_TARGET}`,
  });
  const kinds = imports[0]!.byKind.map((k, j) => `${k.kind} ×${k.count} p50 ${fmt(summarize(imports.map((r) => r.byKind[j]!.p50)).median)} ms, p99 ${fmt(summarize(imports.map((r) => r.byKind[j]!.p99)).median)} ms, ${fmt(summarize(imports.map((r) => r.byKind[j]!.total / 1000)).median)} s summed`);
  report('scim', {
    row: `Okta-style import, ${USERS.toLocaleString('en')} users and ${GROUPS} groups, ${WORKERS} workers`, db: db.kind, figure: summarize(imports.map((r) => r.totalS)), unit: 's',
    details: `users ${fmt(summarize(imports.map((r) => r.usersS)).median)} s, groups ${fmt(summarize(imports.map((r) => r.groupsS)).median)} s; ${kinds.join('; ')}; ${NO_TARGET}`,
  });
});
