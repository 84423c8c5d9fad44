/**
 * The public "Request an invitation" answer, timed for addresses the organization knows and for
 * addresses it does not (issue 9: no enumeration by timing). The real server on loopback; each
 * kind of address is asked in turn, one request at a time, so the kinds share the same moments of
 * machine noise. Prints each kind's p50, p90 and p99 and the ratio of the slowest median to the
 * fastest (no §5 target; the product's own test wants under 3×).
 *
 *   npm run bench:requests               BENCH_N=300 requests of each kind
 */
import { main } from './lib/cleanup.ts';
import { freshDatabase } from './lib/database.ts';
import { fmt, report } from './lib/report.ts';
import { api, bootstrapCli, startServer } from './lib/server.ts';
import { percentile, size } from './lib/stats.ts';

const N = size('N', 300);

await main(async () => {
  const db = await freshDatabase('requests');
  const admin = await bootstrapCli(db, 'bench-requests');
  const server = await startServer(db, { RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '100000000', RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: '100000000' });
  await api(server, admin, 'PATCH', `/orgs/${admin.slug}/settings`, { invitationRequestsEnabled: true });
  await api(server, admin, 'POST', `/orgs/${admin.slug}/invitations`, { emails: ['invited@outside.test'], role: 'member' });
  const kinds: Record<string, (i: number) => string> = {
    'unknown address': (i) => `new${i}@outside.test`,
    'active member': () => `admin@${admin.slug}.test`,
    'invited person': () => 'invited@outside.test',
    'already requested': () => 'again@outside.test',
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  const answers = new Set<string>();
  for (let i = -20; i < N; i++) {
    for (const [kind, email] of Object.entries(kinds)) {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/orgs/${admin.slug}/invitation-requests`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: email(i + 20), name: 'Someone' }),
      });
      const body = await res.text();
      if (i >= 0) times[kind]!.push(performance.now() - started);
      answers.add(`${res.status} ${body}`);
    }
  }
  if (answers.size !== 1) throw new Error(`the answers differ by address: ${[...answers].join(' | ')}`);
  const medians = Object.values(times).map((t) => percentile(t, 0.5));
  const ratio = Math.max(...medians) / Math.min(...medians);
  for (const [kind, t] of Object.entries(times)) {
    const p50 = percentile(t, 0.5);
    report('requests', {
      row: `public request answer, ${kind}`,
      db: db.kind,
      figure: { median: p50, min: Math.min(...t), max: Math.max(...t), values: t },
      unit: 'ms (median of the requests)',
      details: `p90 ${fmt(percentile(t, 0.9))} ms, p99 ${fmt(percentile(t, 0.99))} ms over ${N} requests; one answer for every kind; slowest median / fastest median ${fmt(ratio)}×`,
    });
  }
});
