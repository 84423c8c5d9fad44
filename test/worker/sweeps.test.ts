import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { drain, runSweeps } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';
import { deliverAll, testWorker } from '../support/worker.ts';
import type { EmailTransport } from '../../src/worker/transports/email.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const DAY = 86_400_000;

test('the sweep writes expired on invitations past their time, with an audit event, once', async () => {
  const { apiToken, org } = await bootstrap(t, 'sweep-expiry');
  const inv = await call(t, 'POST', '/api/v1/orgs/sweep-expiry/invitations', { token: apiToken, body: { emails: ['old@sweep.test', 'fresh@sweep.test'], role: 'member' } });
  const [old, fresh] = inv.body.results;
  await sql`update invitations set expires_at = now() - interval '1 hour' where id = ${old.invitationId}::uuid`.execute(t.database.db);
  const first = await runSweeps(testWorker(t));
  expect(first.expired).toBe(1);
  expect((await runSweeps(testWorker(t))).expired).toBe(0);
  const rows = await t.database.db.selectFrom('invitations').select(['id', 'status']).where('orgId', '=', org.id).execute();
  expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [fresh.invitationId]: 'pending', [old.invitationId]: 'expired' });
  const audit = await call(t, 'GET', '/api/v1/orgs/sweep-expiry/audit-events?action=invitation.expired', { token: apiToken });
  expect(audit.body.items).toEqual([expect.objectContaining({ actor: 'system:expiry', target: `invitation:${old.invitationId}` })]);
});

// Issue 6, item 4: reminders replayed the stored link of the last email; now each carries a fresh one.
test('a reminder is queued a day before expiry, once, with a fresh link; the previous link stops working', async () => {
  const { apiToken, org } = await bootstrap(t, 'sweep-remind');
  const inv = await call(t, 'POST', '/api/v1/orgs/sweep-remind/invitations', { token: apiToken, body: { emails: ['soon@remind.test', 'later@remind.test'], role: 'member' } });
  const [soon] = inv.body.results;
  const firstToken = await latestInviteToken(t, 'soon@remind.test');
  await deliverAll(t); // reminders follow only an invitation email that was sent
  const expiresBefore = (await t.database.db.selectFrom('invitations').select('expiresAt').where('id', '=', soon.invitationId).executeTakeFirstOrThrow()).expiresAt;
  const now = new Date(Date.now() + 6.5 * DAY);
  const reminders = () => t.database.db.selectFrom('notifications').select('recipient').where('orgId', '=', org.id).where('kind', '=', 'invitation_reminder').execute();
  await runSweeps(testWorker(t), now);
  expect((await reminders()).map((r) => r.recipient).sort()).toEqual(['later@remind.test', 'soon@remind.test']);
  expect((await runSweeps(testWorker(t), now)).reminded).toBe(0);
  const messages = await t.database.db.selectFrom('notifications').select(['kind', 'recipient', 'payload']).where('orgId', '=', org.id).where('recipient', '=', 'soon@remind.test').orderBy('createdAt').execute();
  expect(messages.map((m) => m.kind)).toEqual(['invitation', 'invitation_reminder']);
  const reminder = messages[1]!.payload;
  expect(reminder).toMatchObject({ invitationId: soon.invitationId, orgName: 'SWEEP-REMIND', role: 'member', email: 'soon@remind.test', expiresAt: expiresBefore.toISOString() });
  const freshToken = String(reminder.acceptUrl).split('/').pop();
  expect(freshToken).not.toBe(firstToken);
  expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: firstToken } })).status).not.toBe(200);
  const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: freshToken } });
  expect(preview.status).toBe(200);
  const after = await t.database.db.selectFrom('invitations').select(['status', 'expiresAt']).where('id', '=', soon.invitationId).executeTakeFirstOrThrow();
  expect(after).toEqual({ status: 'pending', expiresAt: expiresBefore });
  const audit = await call(t, 'GET', '/api/v1/orgs/sweep-remind/audit-events?action=invitation.reminded', { token: apiToken });
  expect(audit.body.items).toHaveLength(2);

  await call(t, 'PATCH', '/api/v1/orgs/sweep-remind/settings', { token: apiToken, body: { notificationsEnabled: false } });
  await call(t, 'POST', '/api/v1/orgs/sweep-remind/invitations', { token: apiToken, body: { emails: ['muted@remind.test'], role: 'member', sendInvite: false } });
  expect((await runSweeps(testWorker(t), now)).reminded).toBe(0);
});

test('a message whose template fails is marked failed alone; the rest of the queue is delivered', async () => {
  const { apiToken, org } = await bootstrap(t, 'sweep-broken');
  await call(t, 'POST', '/api/v1/orgs/sweep-broken/invitations', { token: apiToken, body: { emails: ['ok1@broken.test', 'ok2@broken.test'], role: 'member' } });
  await t.database.db.insertInto('notifications').values({ orgId: org.id, channel: 'email', kind: 'invitation_accepted', recipient: 'bad@broken.test', payload: JSON.stringify({ orgName: 'X' }) }).execute();
  await t.database.db.insertInto('notifications').values({ orgId: org.id, channel: 'email', kind: 'no_such_kind', recipient: 'odd@broken.test', payload: '{}' }).execute();
  await drain(testWorker(t));
  const rows = await t.database.db.selectFrom('notifications').select(['recipient', 'status', 'attempts', 'lastError']).where('orgId', '=', org.id).orderBy('recipient').execute();
  expect(rows.map((r) => [r.recipient, r.status, r.attempts])).toEqual([
    ['bad@broken.test', 'failed', 1],
    ['odd@broken.test', 'failed', 1],
    ['ok1@broken.test', 'sent', 1],
    ['ok2@broken.test', 'sent', 1],
  ]);
  expect(rows[0]!.lastError).toMatch(/^template: /);
  const delivered = await t.database.db.selectFrom('dev_mailbox').select('toAddress').where('orgId', '=', org.id).execute();
  expect(delivered.map((d) => d.toAddress).sort()).toEqual(['ok1@broken.test', 'ok2@broken.test']);
});

test('an invitation email whose invitation ended or was resent meanwhile is suppressed, not sent', async () => {
  const { apiToken, org } = await bootstrap(t, 'sweep-stale');
  const inv = await call(t, 'POST', '/api/v1/orgs/sweep-stale/invitations', { token: apiToken, body: { emails: ['gone@stale.test', 'again@stale.test'], role: 'member' } });
  const [gone, again] = inv.body.results;
  await call(t, 'POST', `/api/v1/orgs/sweep-stale/invitations/${gone.invitationId}/revoke`, { token: apiToken });
  await call(t, 'POST', `/api/v1/orgs/sweep-stale/invitations/${again.invitationId}/resend`, { token: apiToken });
  await drain(testWorker(t));
  const rows = await t.database.db.selectFrom('notifications').select(['recipient', 'kind', 'status', 'lastError']).where('orgId', '=', org.id).orderBy('createdAt').execute();
  expect(rows.map((r) => `${r.recipient} ${r.kind} ${r.status}`).sort()).toEqual([
    'again@stale.test invitation suppressed',
    'again@stale.test invitation_resend sent',
    'gone@stale.test invitation suppressed',
  ]);
  expect(rows.find((r) => r.recipient === 'gone@stale.test')!.lastError).toContain('no longer pending');
});

test('an invitation revoked or resent while its batch is being sent (a slow mail server) is not sent with its dead link', async () => {
  const { apiToken, org } = await bootstrap(t, 'sweep-midbatch');
  const emails = ['first@midbatch.test', 'second@midbatch.test', 'third@midbatch.test'];
  const inv = await call(t, 'POST', '/api/v1/orgs/sweep-midbatch/invitations', { token: apiToken, body: { emails, role: 'member' } });
  const ids = new Map<string, string>(inv.body.results.map((r: { email: string; invitationId: string }) => [r.email, r.invitationId]));
  const sent: string[] = [];
  let revoked = '';
  let resent = '';
  // Answers of the revoke and the resend, checked after the drain (a throw inside a send is a retry).
  const changes: number[] = [];
  const slow: EmailTransport = {
    name: 'slow',
    async send(email) {
      if (sent.length === 0) {
        // While the first of the batch is being sent, the other two change; the server takes its time.
        [revoked, resent] = emails.filter((e) => e !== email.to) as [string, string];
        changes.push((await call(t, 'POST', `/api/v1/orgs/sweep-midbatch/invitations/${ids.get(revoked)}/revoke`, { token: apiToken })).status);
        changes.push((await call(t, 'POST', `/api/v1/orgs/sweep-midbatch/invitations/${ids.get(resent)}/resend`, { token: apiToken })).status);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      sent.push(`${email.to} ${email.subject.startsWith('Reminder') ? 'resend' : 'invitation'}`);
    },
    async close() {},
  };
  await drain(testWorker(t, slow, { concurrency: 1, batchSize: 10 }));
  expect(changes).toEqual([200, 200]);
  expect(sent.slice(1).sort()).toEqual([`${resent} resend`]);
  const rows = await t.database.db.selectFrom('notifications').select(['recipient', 'kind', 'status', 'lastError']).where('orgId', '=', org.id).execute();
  expect(rows.map((r) => `${r.recipient} ${r.kind} ${r.status}`).sort()).toEqual([
    `${sent[0]!.split(' ')[0]} invitation sent`, `${resent} invitation suppressed`, `${resent} invitation_resend sent`, `${revoked} invitation suppressed`,
  ].sort());
  expect(rows.find((r) => r.recipient === revoked)!.lastError).toContain('no longer pending');
  expect(rows.find((r) => r.recipient === resent && r.kind === 'invitation')!.lastError).toContain('a newer invitation email replaced this one');
});

test('no reminder while the invitation email is still queued: its link would die before it leaves', async () => {
  const { apiToken, org } = await bootstrap(t, 'sweep-unsent');
  await call(t, 'POST', '/api/v1/orgs/sweep-unsent/invitations', { token: apiToken, body: { emails: ['unsent@remind.test'], role: 'member' } });
  const token = await latestInviteToken(t, 'unsent@remind.test');
  await runSweeps(testWorker(t), new Date(Date.now() + 6.5 * DAY));
  const reminders = await t.database.db.selectFrom('notifications').select('id').where('orgId', '=', org.id).where('kind', '=', 'invitation_reminder').execute();
  expect(reminders).toEqual([]);
  expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token } })).status).toBe(200);
});
