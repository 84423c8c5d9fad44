import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { bootstrap, call } from './support/client.ts';

// Issue 8: the organization of members, invitations, notifications and audit events is checked once
// per statement by a trigger instead of by per-row foreign keys; the guarantees stay the same.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const TABLES = ['members', 'invitations', 'notifications', 'audit_events'] as const;

async function count(table: string, orgId: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where org_id = ${orgId}::uuid`.execute(t.database.db);
  return r.rows[0]!.n;
}

test('a row naming an organization that does not exist is refused, alone or among good rows', async () => {
  const { org } = await bootstrap(t, 'integrity-a');
  const ghost = randomUUID();
  for (const orgId of [ghost, org.id]) {
    const attempt = sql`insert into audit_events (org_id, actor, action, target) values (${org.id}::uuid, 'x', 'test', null), (${orgId === ghost ? ghost : org.id}::uuid, 'x', 'test', null)`.execute(t.database.db);
    if (orgId === ghost) await expect(attempt).rejects.toThrow(/organization that does not exist/);
    else await attempt;
  }
  await expect(sql`insert into members (org_id, email, email_normalized, role, source) values (${ghost}::uuid, 'a@x.test', 'a@x.test', 'member', 'api')`.execute(t.database.db)).rejects.toThrow(/organization that does not exist/);
  await expect(sql`insert into notifications (org_id, channel, kind, recipient) values (${ghost}::uuid, 'email', 'x', 'a@x.test')`.execute(t.database.db)).rejects.toThrow(/organization that does not exist/);
});

test('a row cannot move to another organization', async () => {
  const a = await bootstrap(t, 'integrity-b');
  const b = await bootstrap(t, 'integrity-c');
  await expect(sql`update members set org_id = ${b.org.id}::uuid where org_id = ${a.org.id}::uuid`.execute(t.database.db)).rejects.toThrow(/cannot change/);
});

test('deleting an organization deletes its people, invitations, messages and audit trail', async () => {
  const { apiToken, org } = await bootstrap(t, 'integrity-d');
  const other = await bootstrap(t, 'integrity-e');
  await call(t, 'POST', '/api/v1/orgs/integrity-d/invitations', { token: apiToken, body: { emails: ['p1@int.test', 'p2@int.test'], role: 'member' } });
  await call(t, 'POST', '/api/v1/orgs/integrity-e/invitations', { token: other.apiToken, body: { emails: ['q1@int.test'], role: 'member' } });
  for (const table of TABLES) expect(await count(table, org.id)).toBeGreaterThan(0);
  await t.database.db.deleteFrom('organizations').where('id', '=', org.id).execute();
  for (const table of TABLES) expect(await count(table, org.id)).toBe(0);
  for (const table of TABLES) expect(await count(table, other.org.id)).toBeGreaterThan(0);
});
