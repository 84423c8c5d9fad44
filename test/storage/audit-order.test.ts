import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { recordAudit } from '../../src/storage/audit.ts';
import { selectAuditEvents } from '../../src/storage/audit-list.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Events written together (a member added and invited in one statement) often share their time:
// the embedded database's clock counts milliseconds, and one statement writes many rows within
// one. The audit log is newest first by (time, id); its order must be the order they were written
// in, not the order of random ids.
let database: TestDatabase;
let orgId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await database.db.insertInto('organizations').values({ slug: 'audit-order', name: 'Audit order', slackWebhookUrl: null }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => { await database.dispose(); });

test('events written in one statement are listed newest first in the order they were written', async () => {
  const entries = Array.from({ length: 60 }, (_, i) => ({ orgId, actor: 'system:test', action: 'member.created', target: `member:${i}` }));
  await recordAudit(database.db, entries);
  const listed = await selectAuditEvents(database.db, orgId, { limit: 100 });
  expect(listed.map((e) => e.target)).toEqual(entries.map((e) => e.target).reverse());
});

test('events sharing one time are ordered by when they were written', async () => {
  // The same time for every row, on either database: only the ids can order them.
  await sql`insert into audit_events (org_id, actor, action, target, at)
    select ${orgId}::uuid, 'system:test', 'team.created', 'team:' || n, '2026-01-01T00:00:00Z' from generate_series(1, 40) as n order by n`.execute(database.db);
  const listed = await selectAuditEvents(database.db, orgId, { action: 'team.created', limit: 100 });
  expect(listed.map((e) => e.target)).toEqual(Array.from({ length: 40 }, (_, i) => `team:${40 - i}`));
});

test('events written one after another by separate statements keep their order, and paging through them by keyset skips none', async () => {
  for (let i = 0; i < 30; i++) await recordAudit(database.db, [{ orgId, actor: 'system:test', action: 'member.updated', target: `member:one-${i}` }]);
  const seen: string[] = [];
  let after;
  for (;;) {
    const page = await selectAuditEvents(database.db, orgId, { action: 'member.updated', limit: 7, after });
    seen.push(...page.map((e) => e.target!));
    if (page.length < 7) break;
    after = { time: page.at(-1)!.timeKey, id: page.at(-1)!.id };
  }
  expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `member:one-${29 - i}`));
});

test('new event ids are time-ordered UUIDs (version 7, RFC 9562 variant)', async () => {
  const { rows } = await sql<{ id: string }>`select id::text from audit_events where org_id = ${orgId}::uuid limit 5`.execute(database.db);
  for (const { id } of rows) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
