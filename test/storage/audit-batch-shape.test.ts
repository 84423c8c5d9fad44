import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditBatchEntries, auditBatchEventSql, auditGroupedEntries, batchEventData, type AuditItem } from '../../src/storage/audit.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// A batch's audit event is built in JavaScript (recordAuditBatch) and, by the statements that
// write invitations, in SQL (auditBatchEventSql): readers see one shape whichever wrote it.
let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database.dispose(); });

const event = { orgId: '00000000-0000-4000-8000-000000000000', actor: 'api_token:t', action: 'invitation.created' };
const items: AuditItem[] = [1, 2, 3].map((n) => ({ target: `invitation:${n}`, data: { memberId: `m${n}`, email: `p${n}@shape.test`, role: 'member' } }));

/** The event auditBatchEventSql makes for these items (`whole`: with a document built beforehand), read back as (target, data). */
async function eventInSql(of: readonly AuditItem[], whole?: { count: number; data: string }): Promise<{ target: string | null; data: unknown }[]> {
  const rows = of.map((i, ord) => sql`(${i.target}::text, ${i.data.memberId}::text, ${i.data.email}::text, ${i.data.role}::text, ${ord}::int)`);
  const from = rows.length ? sql`(values ${sql.join(rows)}) as v(target, member_id, email, role, ord)` : sql`(select null::text as target, null::int as ord where false) as v`;
  const data = of.length ? [['memberId', sql`member_id`], ['email', sql`email`], ['role', sql`role`]] as const : [];
  const result = await auditBatchEventSql(from, { target: sql<string>`target`, data, order: sql`ord`, whole }).execute(database.db);
  return result.rows;
}

test.each([0, 1, 3])('auditBatchEventSql makes the event auditBatchEntries makes, for %i items', async (n) => {
  const expected = auditBatchEntries(event, items.slice(0, n)).map((e) => ({ target: e.target, data: e.data }));
  expect(await eventInSql(items.slice(0, n))).toEqual(expected);
});

// Several callers' changes written by one statement (invite-shared.ts): one event per group, in
// group order, each the event that group alone would get; a group with no item gets none.
test('with groups, auditBatchEventSql makes the events auditGroupedEntries makes', async () => {
  const grouped = [...items.map((i) => ({ ...i, group: 3 })), { target: 'invitation:9', data: { memberId: 'm9', email: 'p9@shape.test', role: 'member' }, group: 1 }];
  const rows = grouped.map((i, ord) => sql`(${i.target}::text, ${i.data.memberId}::text, ${i.data.email}::text, ${i.data.role}::text, ${ord}::int, ${i.group}::int)`);
  const from = sql`(values ${sql.join(rows)}) as v(target, member_id, email, role, ord, grp)`;
  const data = [['memberId', sql`member_id`], ['email', sql`email`], ['role', sql`role`]] as const;
  const result = await sql<{ target: string | null; data: unknown; grp: number }>`
    select target, data, grp from (${auditBatchEventSql(from, { target: sql<string>`target`, data, order: sql`ord`, group: sql`grp` })}) e order by grp`.execute(database.db);
  const expected = auditGroupedEntries(event, grouped).map((e) => ({ target: e.target, data: e.data }));
  expect(result.rows.map((r) => ({ target: r.target, data: r.data }))).toEqual(expected);
  expect(result.rows.map((r) => r.grp)).toEqual([1, 3]);
});

// A batch whose every row is written gives its event as a document built beforehand (bulk invites,
// send to all pending): used only when the rows are exactly as many as it counts, else the database
// builds the event from the rows it has. Either way the event is the one auditBatchEntries makes.
test('with a document built beforehand, the event is that document only when every row is there', async () => {
  const expected = (of: AuditItem[]) => auditBatchEntries(event, of).map((e) => ({ target: e.target, data: e.data }));
  // A marker in the document shows which way the event was made.
  const built = (count: number) => ({ count, data: JSON.stringify({ ...batchEventData(items), made: 'beforehand' }) });
  expect(await eventInSql(items, built(3))).toEqual([{ target: null, data: { ...batchEventData(items), made: 'beforehand' } }]);
  // Fewer rows than the document counts (some were not written): built from the rows, as without it.
  expect(await eventInSql(items.slice(0, 2), built(3))).toEqual(expected(items.slice(0, 2)));
  expect(await eventInSql(items.slice(0, 1), built(3))).toEqual(expected(items.slice(0, 1)));
  expect(await eventInSql([], built(3))).toEqual([]);
  expect(batchEventData(items)).toEqual(expected(items)[0]!.data);
});
