import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.ts';
import { selectMemberRows } from '../../src/storage/members-list.ts';
import { listInvitations } from '../../src/storage/invitations-list.ts';

// Issue 8: a prefix search keeps its prepared statement's generic plan instead of being planned
// again on every request (storage/raw-statement.ts hiddenFromPlanner), and still finds what it did.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('prefix searches of the lists', () => {
  test('find addresses and names by prefix in any case, in address order', async () => {
    const { apiToken } = await bootstrap(t, 'plans');
    const emails = ['jsmith@plans.test', 'jsmythe@plans.test', 'ann@plans.test', 'JSMall@plans.test'];
    expect((await call(t, 'POST', '/api/v1/orgs/plans/invitations', { token: apiToken, body: { emails, role: 'member' } })).status).toBe(200);
    const named = await call(t, 'POST', '/api/v1/orgs/plans/members', { token: apiToken, body: { email: 'zed@plans.test', name: 'JSmart Zed', role: 'member' } });
    expect(named.status).toBe(201);
    const users = await call(t, 'GET', '/api/v1/orgs/plans/members?q=jSm&limit=10', { token: apiToken });
    expect(users.body.items.map((m: { email: string }) => m.email)).toEqual(['JSMall@plans.test', 'jsmith@plans.test', 'jsmythe@plans.test', 'zed@plans.test']);
    const invitations = await call(t, 'GET', '/api/v1/orgs/plans/invitations?q=JSM&limit=10', { token: apiToken });
    expect(invitations.body.items.map((i: { email: string }) => i.email)).toEqual(['JSMall@plans.test', 'jsmith@plans.test', 'jsmythe@plans.test']);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('prefix searches of the lists (PostgreSQL)', () => {
  let one: DatabaseHandle;
  beforeAll(async () => {
    // One connection, so its prepared statements can be read back.
    one = await openDatabase({ databaseUrl: t.database.url!, dataDir: 'memory://', poolSize: 1 });
  });
  afterAll(async () => {
    await one.close();
  });

  test('keep their generic plan after the first runs, whatever the prefix', async () => {
    const { org } = await bootstrap(t, 'plans-generic');
    // Statistics that predict few matches for a prefix: what makes a custom plan look cheaper than the generic one.
    await sql`insert into members (org_id, email, email_normalized, name, role, status, source)
      select ${org.id}::uuid, 'p' || g || '@generic.test', 'p' || g || '@generic.test', 'Person ' || g, 'member', 'pending', 'api' from generate_series(1, 20000) g`.execute(one.db);
    await sql`insert into invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at, invited_by)
      select org_id, id, email, email_normalized, 'member', sha256(convert_to(id::text, 'UTF8')), now() + interval '5 days', 'system:test' from members where org_id = ${org.id}::uuid`.execute(one.db);
    await sql`analyze members, invitations`.execute(one.db);
    for (const prefix of ['a', 'jsmi', 'zz', 'b', 'jo', 'ma', 'q', 'tok', 'x', 'e']) {
      await selectMemberRows(one.db, org.id, { search: { emailPrefix: prefix, namePrefix: prefix }, limit: 51 });
      await listInvitations(one.db, org.id, { emailPrefix: prefix, limit: 51 });
    }
    const { rows } = await sql<{ statement: string; genericPlans: number; customPlans: number }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements
      where (statement like '%from members m%union%' or statement like '%from invitations i where%') and statement not like '%pg_prepared_statements%'`.execute(one.db);
    expect(rows).toHaveLength(2);
    // PostgreSQL tries five custom plans first; planning each run afresh would make all ten custom.
    for (const r of rows) expect({ generic: r.genericPlans, custom: r.customPlans }).toEqual({ generic: 5, custom: 5 });
  });
});
