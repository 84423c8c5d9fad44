/**
 * How long an ordinary request waits while a bulk call runs (issue 6 item 10): a 3,000- and a
 * 10,000-address invite, then "send to all pending" over those 13,000 members, each while a
 * separate thread asks `GET /orgs/{org}` and `PATCH /settings` over HTTP every 25 ms. Prints each
 * bulk call's duration and the slowest and 95th-percentile latency of the requests made meanwhile.
 *
 *   npx node bench/bulk-latency.ts                 # PGlite
 *   DATABASE_URL=postgres://... npx node bench/bulk-latency.ts
 */
import { Worker } from 'node:worker_threads';
import { bootstrap } from '../test/support/client.ts';
import { startTestServer } from '../test/support/server.ts';

const probe = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token } = workerData;
const latencies = [];
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  for (let i = 0; running; i++) {
    const started = performance.now();
    const res = i % 2
      ? await fetch(url + '/api/v1/orgs/bench-lat/settings', { method: 'PATCH', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify({ invitationTtlDays: 7 + (i % 4) }) })
      : await fetch(url + '/api/v1/orgs/bench-lat', { headers: { authorization: 'Bearer ' + token } });
    await res.text();
    if (res.status !== 200) throw new Error('probe answered ' + res.status);
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 25));
  }
  parentPort.postMessage(latencies);
})();
`;

const t = await startTestServer({ INVITATIONS_PER_DAY_PER_ORG: '100000000' });
try {
  const { apiToken } = await bootstrap(t, 'bench-lat');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  };
  const measure = async (label: string, bulk: () => Promise<void>) => {
    const worker = new Worker(probe, { eval: true, workerData: { url: t.url, token: apiToken } });
    const done = new Promise<number[]>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    await bulk();
    const took = performance.now() - started;
    worker.postMessage('stop');
    const latencies = (await done).sort((a, b) => a - b);
    await worker.terminate();
    const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
    if (process.env.BENCH_VERBOSE) console.log(latencies.map((l) => l.toFixed(0)).join(" "));
    console.log(`${t.database.kind} ${label}: ${took.toFixed(0)} ms; ${latencies.length} requests meanwhile, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`);
  };
  for (const n of [3000, 10_000]) {
    const emails = Array.from({ length: n }, (_, i) => `n${n}-${i}@lat.test`);
    await measure(`invite ${n}`, () => post('/api/v1/orgs/bench-lat/invitations', { emails, role: 'member' }));
  }
  await measure('send to all 13000 pending', () => post('/api/v1/orgs/bench-lat/invitations/send', { scope: 'pending' }));
} finally {
  await t.close();
}
