import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { waitFor } from '../support/child.ts';
import { ask, requestableOrg } from './support.ts';
import { latestRequestToken } from '../support/invitations.ts';

// Issue 9 where concurrency is real (PostgreSQL): the rate limit holds across server processes,
// an approve and a dismiss racing on one request cannot both win, and the public answer takes as
// long for a member's address as for an unknown one.
const bin = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'guestlist.mjs');
let t: TestApp;
const children: ChildProcess[] = [];
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '100000', RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: '100000' });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode === null ? c.once('close', resolve) : resolve(null)))));
  await t.close();
});

/** `guestlist start` on the test database, in its own process. */
async function startServerProcess(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [bin, 'start'], {
    env: { PATH: process.env.PATH, DATABASE_URL: t.database.url!, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const [, url] = await waitFor(child, /Guestlist is ready at (\S+)/);
  return url!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.skipIf(!process.env.DATABASE_URL)('invitation requests on PostgreSQL', () => {
  test('the per-address limit is shared by two server processes: 429 with Retry-After from either', { timeout: 90_000 }, async () => {
    await requestableOrg(t, 'pg-limit');
    const env = { RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '6', RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: '100000' };
    const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${i % 2 ? b : a}/api/v1/orgs/pg-limit/invitation-requests`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `x${i}@outside.test`, name: 'X' }),
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
    }
    // Each process alone would have allowed 6 (12 in all); together they allow 6.
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  test('approve and dismiss racing on one request: exactly one wins, and the state matches it', async () => {
    const { apiToken, org } = await requestableOrg(t, 'pg-race');
    for (let round = 0; round < 5; round++) {
      const email = `race${round}@outside.test`;
      await ask(t, 'pg-race', { email, name: 'Race' });
      await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: await latestRequestToken(t, email) } });
      const list = await call(t, 'GET', '/api/v1/orgs/pg-race/invitation-requests?status=open', { token: apiToken });
      const id = list.body.items.find((r: { email: string }) => r.email === email).id;
      const [approve, dismiss] = await Promise.all([
        call(t, 'POST', `/api/v1/orgs/pg-race/invitation-requests/${id}/approve`, { token: apiToken, body: { role: 'member' } }),
        call(t, 'POST', `/api/v1/orgs/pg-race/invitation-requests/${id}/dismiss`, { token: apiToken }),
      ]);
      expect([approve.status, dismiss.status].sort()).toEqual([200, 409]);
      const row = await t.database.db.selectFrom('invitation_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      const invited = await t.database.db.selectFrom('invitations').select('id').where('orgId', '=', org.id).where('emailNormalized', '=', email).execute();
      if (approve.status === 200) expect([row.status, invited.length]).toEqual(['approved', 1]);
      else expect([row.status, invited.length, dismiss.status]).toEqual(['dismissed', 0, 200]);
    }
  });

  test('the public answer takes about as long for a member, an invited person, a repeat and an unknown address', async () => {
    const { apiToken } = await requestableOrg(t, 'pg-timing');
    await call(t, 'POST', '/api/v1/orgs/pg-timing/invitations', { token: apiToken, body: { emails: ['invited@outside.test'], role: 'member' } });
    const kinds: Record<string, (i: number) => string> = {
      unknown: (i) => `new${i}@outside.test`,
      member: () => 'admin@pg-timing.test',
      invited: () => 'invited@outside.test',
      repeat: () => 'again@outside.test',
    };
    const times: Record<string, number[]> = { unknown: [], member: [], invited: [], repeat: [] };
    const bodies = new Set<string>();
    for (let i = 0; i < 25; i++) {
      for (const [kind, email] of Object.entries(kinds)) {
        const started = performance.now();
        const res = await ask(t, 'pg-timing', { email: email(i), name: 'Someone' });
        times[kind]!.push(performance.now() - started);
        bodies.add(`${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(bodies.size).toBe(1);
    const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    const slowest = Math.max(...Object.values(medians));
    const fastest = Math.min(...Object.values(medians));
    // Same order of magnitude: the same statements run for every address (bench:requests reports the distributions).
    expect(slowest / fastest, JSON.stringify(medians)).toBeLessThan(3);
  });
});
