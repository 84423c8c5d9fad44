/**
 * Accept by a signed-in account over HTTP (PRODUCT §5: ≥ 500 req/s): N pending invitations with
 * known link tokens and N verified, signed-in accounts (seeded by SQL before the clock: sessions
 * stored as the product stores them, cookies signed with the instance secret), then autocannon in
 * its own process posts `POST /invite/accept {token}` with each account's session cookie and CSRF
 * token, 32 connections, each invitation once. Baseline in the same run (PostgreSQL): Better Auth's
 * organization plugin `acceptInvitation` at the same concurrency.
 *
 *   npm run bench:accept                 BENCH_N=3000 accepts a run, BENCH_RUNS=3
 */
import { createHmac } from 'node:crypto';
import { csrfTokenFor } from '../src/http/auth/principal.ts';
import { getInstanceSecret } from '../src/storage/instance-secret.ts';
import { main } from './lib/cleanup.ts';
import { freshDatabase, withOpen } from './lib/database.ts';
import { describeLoad, load, type LoadResult } from './lib/load.ts';
import { fmt, report } from './lib/report.ts';
import { bootstrapCli, startServer } from './lib/server.ts';
import { seedInvitations, seededToken, seedSignedInAccounts } from './lib/seed.ts';
import { startSmtpPeer } from './lib/smtp.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';
import { startBetterAuthPeer } from './peers/better-auth.ts';

const N = size('N', 3000);
const CONNECTIONS = size('CONNECTIONS', 32);
const WARM = Math.min(N, 500);
const prefix = (run: number) => `a${run + 1}-`;

/** The cookie Better Auth sets for a session token: `token.signature`, HMAC-SHA256 with the secret. */
function sessionCookie(secret: string, token: string): string {
  const signature = createHmac('sha256', secret).update(token).digest('base64');
  return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
}

await main(async () => {
  const db = await freshDatabase('accept');
  const admin = await bootstrapCli(db, 'bench-accept');
  const secret = await withOpen(db, async (h) => {
    for (let run = -1; run < runCount(); run++) {
      await seedInvitations(h.db, admin.orgId, run < 0 ? WARM : N, prefix(run));
      await seedSignedInAccounts(h.db, run < 0 ? WARM : N, prefix(run));
    }
    return getInstanceSecret(h.db);
  });
  const smtp = await startSmtpPeer();
  const server = await startServer(db, { SMTP_URL: smtp.url });
  const items = (run: number) =>
    Array.from({ length: run < 0 ? WARM : N }, (_, i) => ({
      body: JSON.stringify({ token: seededToken(prefix(run), i + 1) }),
      headers: { cookie: sessionCookie(secret, `bench-t-${prefix(run)}${i + 1}`), 'x-csrf-token': csrfTokenFor(secret, `bench-s-${prefix(run)}${i + 1}`) },
    }));
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: items(0)[0]!.headers.cookie } });
  if (me.status !== 200) throw new Error(`a seeded session is not signed in: GET /me answered ${me.status} ${await me.text()}`);
  console.log(`signed-in accept (${db.kind}): ${N} accepts a run, ${CONNECTIONS} connections`);
  const results = await runs<LoadResult>(runCount(), (run) =>
    load({ url: server.url, method: 'POST', path: '/api/v1/invite/accept', headers: { 'content-type': 'application/json', origin: server.url }, connections: CONNECTIONS, durationS: 0, body: { kind: 'list', items: items(run) } }),
    describeLoad,
  );
  await server.stop();
  const rps = summarize(results.map((r) => r.rps));
  const ok = results.every((r) => r.non2xx + r.errors === 0);

  let baseline: { label: string; text: string; ratio: number } | undefined;
  if (db.kind === 'postgres') {
    const peer = await startBetterAuthPeer(CONNECTIONS);
    const org = await peer.newOrg('peer-accept');
    const pairs: Array<Awaited<ReturnType<typeof peer.prepareAccepts>>> = [];
    for (let run = -1; run < runCount(); run++) pairs.push(await peer.prepareAccepts(org, `pa${run + 1}-`, run < 0 ? WARM : N));
    const peerRuns = await runs(runCount(), (run) => peer.accepts(pairs[run + 1]!, CONNECTIONS), (r) => `Better Auth ${Math.round(r.rps)}/s, p99 ${fmt(r.p99)} ms, ${r.errors} errors`);
    const peerRps = summarize(peerRuns.map((r) => r.rps));
    baseline = { label: 'baseline Better Auth acceptInvitation', text: `${fmt(peerRps.median)} req/s (min ${fmt(peerRps.min)}, max ${fmt(peerRps.max)})`, ratio: rps.median / peerRps.median };
  }
  report('accept', {
    row: 'signed-in accept',
    db: db.kind,
    figure: rps,
    unit: 'req/s',
    details: `p99 ${fmt(summarize(results.map((r) => r.latency.p99)).median)} ms${ok ? '' : '; SOME REQUESTS FAILED'}`,
    target: '≥ 500 req/s',
    pass: ok && rps.median >= 500,
    ...(baseline ? { baseline } : {}),
  });
});
