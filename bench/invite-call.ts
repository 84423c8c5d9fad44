/**
 * One REST call `POST /orgs/{org}/invitations` with N new addresses, through the real app
 * (routing, validation, auth, the use case, JSON out), median of 5 calls. Prints the figure only:
 * the per-call target of PRODUCT §5 is for 10,000 addresses (see bench:invite for the ratio).
 *
 *   npm run bench:invite-call                 # PGlite
 *   DATABASE_URL=postgres://... npm run bench:invite-call
 */
import { createTestApp } from '../test/support/app.ts';
import { bootstrap, call } from '../test/support/client.ts';

const n = Number(process.env.BENCH_N ?? 1000);
// One organization takes every round: the daily invitation cap is set high enough not to stop it.
const t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: '100000000' });
try {
  const { apiToken } = await bootstrap(t, 'bench-call');
  const times: number[] = [];
  for (let round = 0; round < 6; round++) {
    const emails = Array.from({ length: n }, (_, i) => `r${round}-${i}@call.test`);
    const started = performance.now();
    const res = await call(t, 'POST', '/api/v1/orgs/bench-call/invitations', { token: apiToken, body: { emails, role: 'member' } });
    const ms = performance.now() - started;
    if (res.status !== 200 || res.body.counts.invited !== n) throw new Error(`unexpected answer ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    if (round > 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`invite call ${t.database.kind} n=${n}: median ${median.toFixed(0)} ms over ${times.length} calls (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`);
} finally {
  await t.close();
}
