import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { issueInvitations, resendInvitations } from '../../src/domain/invitations/issue.ts';
import { readOrganization } from '../../src/domain/organizations/organization.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

// A batch's audit event names the invitations the statement wrote. When it wrote every row given,
// the event is a document built beside the statement; when some row was not written (a pending
// invitation won by someone else, an invitation gone), the database builds it from what it wrote.
// Either way: one event, its items listed by member id, as auditBatchEntries shapes it.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

interface Member { id: string; email: string }

async function addPending(orgId: string, emails: readonly string[]): Promise<Member[]> {
  const rows = await sql<Member>`insert into members (org_id, email, email_normalized, role, source)
    select ${orgId}::uuid, e, e, 'member', 'api' from unnest(${emails}::text[]) as e returning id, email`.execute(t.database.db);
  return rows.rows;
}

async function lastEvent(orgId: string, action: string): Promise<{ target: string | null; data: unknown }> {
  const row = await t.database.db.selectFrom('audit_events').select(['target', 'data']).where('orgId', '=', orgId).where('action', '=', action)
    .orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { target: row.target, data: row.data };
}

const byMember = <T extends { memberId: string }>(items: T[]) => [...items].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));

async function context(orgId: string) {
  return { org: await readOrganization(t.database.db, orgId), actor: { kind: 'system', name: 'test' } as const, publicUrl: t.config.publicUrl, invitationsPerDay: null };
}

const target = (m: Member) => ({ memberId: m.id, email: m.email, emailNormalized: m.email, name: null, role: 'member' as const });

test('new invitations: every row written, and one row turned away by a pending invitation', async () => {
  const { org } = await bootstrap(t, 'batch-audit-new');
  const ctx = await context(org.id);
  const members = await addPending(org.id, ['c@batch.test', 'a@batch.test', 'b@batch.test', 'Mixed@Batch.test']);

  // Rows given in any order, member ids in capitals: the event lists them by member id, as stored.
  const first = members.slice(0, 3);
  const issued = await t.database.db.transaction().execute((trx) => issueInvitations(trx, ctx, first.map((m) => ({ ...target(m), memberId: m.id.toUpperCase() }))));
  expect(issued).toHaveLength(3);
  const invitationOf = new Map(issued.map((i) => [i.memberId, i.invitationId]));
  expect(await lastEvent(org.id, 'invitation.created')).toEqual({
    target: null,
    data: { count: 3, items: byMember(first.map((m) => ({ target: `invitation:${invitationOf.get(m.id)}`, memberId: m.id, email: m.email, role: 'member' }))) },
  });

  // The first three hold pending invitations now: of these two rows only the fourth member's is written.
  const second = await t.database.db.transaction().execute((trx) => issueInvitations(trx, ctx, [target(members[0]!), target(members[3]!)]));
  expect(second.map((i) => i.memberId)).toEqual([members[3]!.id]);
  expect(await lastEvent(org.id, 'invitation.created')).toEqual({
    target: `invitation:${second[0]!.invitationId}`,
    data: { memberId: members[3]!.id, email: 'Mixed@Batch.test', role: 'member' },
  });

  // Three rows, two written: a batch event of those two.
  const more = await addPending(org.id, ['d@batch.test', 'e@batch.test']);
  const third = await t.database.db.transaction().execute((trx) => issueInvitations(trx, ctx, [...more, members[1]!].map(target)));
  expect(third).toHaveLength(2);
  expect(await lastEvent(org.id, 'invitation.created')).toEqual({
    target: null,
    data: { count: 2, items: byMember(third.map((i) => ({ target: `invitation:${i.invitationId}`, memberId: i.memberId, email: more.find((m) => m.id === i.memberId)!.email, role: 'member' }))) },
  });
});

test('resent invitations: every row written, and one invitation gone', async () => {
  const { apiToken, org } = await bootstrap(t, 'batch-audit-resend');
  const ctx = await context(org.id);
  const invited = await call(t, 'POST', '/api/v1/orgs/batch-audit-resend/invitations', { token: apiToken, body: { emails: ['a@resend-audit.test', 'b@resend-audit.test', 'c@resend-audit.test'], role: 'member' } });
  const results = invited.body.results as { invitationId: string; memberId: string; email: string }[];
  const rows = results.map((r) => ({ ...r, emailNormalized: r.email, name: null, role: 'member' as const }));

  await t.database.db.transaction().execute((trx) => resendInvitations(trx, ctx, rows));
  expect(await lastEvent(org.id, 'invitation.resent')).toEqual({
    target: null,
    data: { count: 3, items: byMember(results.map((r) => ({ target: `invitation:${r.invitationId}`, memberId: r.memberId, email: r.email }))) },
  });

  await t.database.db.deleteFrom('invitations').where('id', '=', results[1]!.invitationId).execute();
  const resent = await t.database.db.transaction().execute((trx) => resendInvitations(trx, ctx, rows));
  expect(resent).toHaveLength(2);
  const kept = results.filter((_, i) => i !== 1);
  expect(await lastEvent(org.id, 'invitation.resent')).toEqual({
    target: null,
    data: { count: 2, items: byMember(kept.map((r) => ({ target: `invitation:${r.invitationId}`, memberId: r.memberId, email: r.email }))) },
  });
});
