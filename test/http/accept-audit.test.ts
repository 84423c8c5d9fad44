import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signUp, verifyEmail } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

// Issue 8: an accept's audit events are written by the statement that claims the invitation and
// activates the member. They stay what they were: invitation.accepted then member.joined, by the
// account, and nothing is recorded for an accept that does not happen.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function auditOf(email: string) {
  const { rows } = await sql<{ actor: string; action: string; target: string; data: Record<string, unknown> }>`
    select actor, action, target, data from audit_events where action in ('invitation.accepted', 'member.joined') and target in (
      select 'invitation:' || id from invitations where email_normalized = ${email}
      union all select 'member:' || id from members where email_normalized = ${email})
    order by at, id`.execute(t.database.db);
  return rows;
}

test('an accept records invitation.accepted then member.joined, by the account; a refused one records nothing', async () => {
  const { apiToken } = await bootstrap(t, 'accept-audit');
  for (const email of ['ava@accept-audit.test', 'ned@accept-audit.test']) {
    await call(t, 'POST', '/api/v1/orgs/accept-audit/invitations', { token: apiToken, body: { emails: [email], role: 'guest' } });
  }
  const ava = await signUp(t, 'ava@accept-audit.test', 'Ava');
  await verifyEmail(t, 'ava@accept-audit.test');
  const accepted = await call(t, 'POST', '/api/v1/invite/accept', { session: ava, body: { token: await latestInviteToken(t, 'ava@accept-audit.test') } });
  expect(accepted.status).toBe(200);
  const { rows: [invitation] } = await sql<{ id: string; memberId: string }>`
    select id, member_id as "memberId" from invitations where email_normalized = 'ava@accept-audit.test'`.execute(t.database.db);
  const events = [
    { actor: `account:${ava.accountId}`, action: 'invitation.accepted', target: `invitation:${invitation!.id}`, data: { memberId: invitation!.memberId } },
    { actor: `account:${ava.accountId}`, action: 'member.joined', target: `member:${invitation!.memberId}`, data: { role: 'guest' } },
  ];
  const recorded = await auditOf('ava@accept-audit.test');
  // In that order where the clock tells them apart: the embedded database's clock_timestamp() can
  // give both rows of one statement the same time, and the audit log then orders them by id.
  if (process.env.DATABASE_URL) expect(recorded).toEqual(events);
  else expect([...recorded].sort((a, b) => a.action.localeCompare(b.action))).toEqual(events);

  const ned = await signUp(t, 'ned@accept-audit.test', 'Ned');
  await verifyEmail(t, 'ned@accept-audit.test');
  await sql`update members set status = 'deactivated' where email_normalized = 'ned@accept-audit.test'`.execute(t.database.db);
  const refused = await call(t, 'POST', '/api/v1/invite/accept', { session: ned, body: { token: await latestInviteToken(t, 'ned@accept-audit.test') } });
  expect(refused.body.code).toBe('member_not_pending');
  expect(await auditOf('ned@accept-audit.test')).toEqual([]);
});
