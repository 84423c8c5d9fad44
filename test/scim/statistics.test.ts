import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startWorker } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testWorker } from '../support/worker.ts';
import { newUser, scim, scimOrg } from './support.ts';

// Issue 11: an identity provider's first sync creates thousands of users one request at a time.
// Nothing analyzed the members table meanwhile (no autovacuum on the embedded database, or where an
// operator turned it off), so each create was planned for the table's old size: creates slowed down
// 2x over 10,000 (bench:scim). The running worker now analyzes outgrown tables every few seconds,
// whichever path grew them.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function membersStats() {
  await sql`select pg_stat_force_next_flush()`.execute(t.database.db).catch(() => undefined);
  const r = await sql<{ estimated: number; changed: number }>`
    select c.reltuples::int as estimated, s.n_mod_since_analyze::int as changed
    from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'members' and s.schemaname = 'public'
  `.execute(t.database.db);
  return r.rows[0]!;
}

test('SCIM creates after the members table outgrew its statistics get it analyzed by the running worker within seconds', async () => {
  const org = await scimOrg(t, 'scim-stats');
  const worker = startWorker(testWorker(t, undefined, { idleMs: 20, sweepEveryMs: 3_600_000, statisticsEveryMs: 100 }));
  // Past the worker's first sweep, which runs at its start.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { rows } = await sql<{ id: string }>`select id from organizations where slug = 'scim-stats'`.execute(t.database.db);
  await sql`
    insert into members (org_id, email, email_normalized, role, source)
    select ${rows[0]!.id}::uuid, 'seed' || g || '@example.com', 'seed' || g || '@example.com', 'member', 'scim' from generate_series(1, 3000) g
  `.execute(t.database.db);
  expect((await membersStats()).changed).toBeGreaterThanOrEqual(3000);
  try {
    expect((await scim(t, org.scim, 'POST', '/Users', newUser('after-seed@example.com'))).status).toBe(201);
    // Both at once: the estimate (pg_class, at the analysis's commit) and the change count (the
    // statistics system, which another connection's pending counts may still reach afterwards, to
    // be taken by the worker's next look) are updated apart, so one read can fall between them.
    await expect.poll(async () => {
      const stats = await membersStats();
      return stats.estimated > 1000 && stats.changed < 100;
    }, { timeout: 10_000 }).toBe(true);
  } finally {
    await worker.stop();
  }
});
