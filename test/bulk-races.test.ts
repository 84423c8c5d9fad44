import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { bootstrap, call, type CallResult } from './support/client.ts';

// Races between calls that each carry hundreds of addresses (issue 6, item 7: overlapping batches
// in different orders deadlocked, which single-address race tests could not show). PGlite runs
// one transaction at a time, so these only mean something on PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('bulk calls racing each other (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  /** A seeded shuffle, so a failing run can be repeated. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let s = seed >>> 0;
    for (let i = out.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  function expectNoServerError(results: readonly CallResult[]): void {
    const bad = results.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.body?.code ?? ''}`);
    expect(bad).toEqual([]);
  }

  /** One member per address, at most one pending invitation per member, one email per invitation. */
  async function expectInvariants(orgId: string): Promise<void> {
    const twoPending = await sql<{ member_id: string }>`
      select member_id from invitations where org_id = ${orgId}::uuid and status = 'pending'
      group by member_id having count(*) > 1
    `.execute(t.database.db);
    expect(twoPending.rows).toEqual([]);
    const sameAddress = await sql<{ email_normalized: string }>`
      select email_normalized from members where org_id = ${orgId}::uuid group by email_normalized having count(*) > 1
    `.execute(t.database.db);
    expect(sameAddress.rows).toEqual([]);
    const orphanPending = await sql<{ id: string }>`
      select id from invitations where org_id = ${orgId}::uuid and status = 'pending' and member_id is null
    `.execute(t.database.db);
    expect(orphanPending.rows).toEqual([]);
    const emailsPerInvitation = await sql<{ id: string; n: number }>`
      select i.id, count(n.id)::int as n from invitations i
      left join notifications n on n.org_id = i.org_id and n.kind = 'invitation' and n.payload->>'invitationId' = i.id::text
      where i.org_id = ${orgId}::uuid group by i.id having count(n.id) <> 1
    `.execute(t.database.db);
    expect(emailsPerInvitation.rows).toEqual([]);
  }

  test('shuffled, overlapping batches of hundreds of addresses in parallel: no deadlock, one invitation each', async () => {
    const { apiToken, org } = await bootstrap(t, 'bulk-race');
    const pool = Array.from({ length: 600 }, (_, i) => `p${String(i).padStart(3, '0')}@bulk-race.test`);
    // Each call takes 400 of the 600 addresses (every pair of calls shares at least 200), in its own
    // order; half the calls take the same addresses in reverse, as in the original report.
    const batches = Array.from({ length: 12 }, (_, i) => {
      const chosen = shuffled(pool, 7 + i).slice(0, 400);
      return i % 2 ? [...chosen].sort().reverse() : shuffled(chosen, 101 + i);
    });
    const results = await Promise.all(
      batches.map((emails) => call(t, 'POST', '/api/v1/orgs/bulk-race/invitations', { token: apiToken, body: { emails, role: 'member' } })),
    );
    expectNoServerError(results);
    expect(results.map((r) => r.status)).toEqual(Array(batches.length).fill(200));

    const invitedBy = new Map<string, number>();
    for (const r of results) {
      for (const o of r.body.results as { email: string; outcome: string }[]) {
        expect(['invited', 'already_invited']).toContain(o.outcome);
        if (o.outcome === 'invited') invitedBy.set(o.email, (invitedBy.get(o.email) ?? 0) + 1);
      }
    }
    const asked = new Set(batches.flat());
    expect([...invitedBy.values()].every((n) => n === 1)).toBe(true);
    expect(invitedBy.size).toBe(asked.size);
    const members = await sql<{ n: number }>`select count(*)::int as n from members where org_id = ${org.id}::uuid and role = 'member'`.execute(t.database.db);
    expect(members.rows[0]!.n).toBe(asked.size);
    await expectInvariants(org.id);
  });

  test('send-to-all, bulk invites and revoke/remove racing: no 5xx, invariants hold', async () => {
    const { apiToken, org } = await bootstrap(t, 'bulk-mix');
    const base = Array.from({ length: 300 }, (_, i) => `m${String(i).padStart(3, '0')}@bulk-mix.test`);
    const first = await call(t, 'POST', '/api/v1/orgs/bulk-mix/invitations', { token: apiToken, body: { emails: base.slice(0, 200), role: 'member' } });
    expect(first.status).toBe(200);
    await call(t, 'POST', '/api/v1/orgs/bulk-mix/invitations', { token: apiToken, body: { emails: base.slice(200), role: 'member', sendInvite: false } });
    const invitationIds = (first.body.results as { invitationId: string }[]).map((r) => r.invitationId);
    const revokes = shuffled(invitationIds, 3).slice(0, 40);

    const calls: Promise<CallResult>[] = [];
    for (let i = 0; i < 4; i++) {
      const emails = shuffled([...base, ...Array.from({ length: 100 }, (_, j) => `n${i}-${j}@bulk-mix.test`)], 11 + i).slice(0, 300);
      calls.push(call(t, 'POST', '/api/v1/orgs/bulk-mix/invitations', { token: apiToken, body: { emails, role: 'member' } }));
      calls.push(call(t, 'POST', '/api/v1/orgs/bulk-mix/invitations/send', { token: apiToken, body: { scope: 'pending' } }));
      calls.push(call(t, 'POST', '/api/v1/orgs/bulk-mix/invitations/send', { token: apiToken, body: { members: shuffled(base, 31 + i).slice(0, 150) } }));
    }
    revokes.forEach((id, i) => {
      calls.push(call(t, 'POST', `/api/v1/orgs/bulk-mix/invitations/${id}/revoke`, { token: apiToken, body: { removeMember: i % 2 === 0 } }));
    });
    const results = await Promise.all(calls);
    expectNoServerError(results);
    for (const r of results) expect([200, 409]).toContain(r.status);
    await expectInvariants(org.id);
  });
});
