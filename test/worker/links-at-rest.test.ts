import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { drain, runSweeps } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signUp } from '../support/client.ts';
import { testWorker } from '../support/worker.ts';

// Issue 6, item 4: every invitation email's link stayed in the outbox payload and the development
// mailbox forever, so a database backup held a working link for every pending invitation.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const deliver = () => drain(testWorker(t));

async function payloads(orgId: string) {
  return t.database.db.selectFrom('notifications').select(['recipient', 'kind', 'status', 'payload']).where('orgId', '=', orgId).orderBy('createdAt').execute();
}

async function mailboxTokens(orgId: string | null): Promise<Record<string, string[]>> {
  const rows = await t.database.db.selectFrom('dev_mailbox').select(['toAddress', 'text', 'html']).where('orgId', orgId === null ? 'is' : '=', orgId).execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.toAddress] ??= []).push(...[...`${r.text} ${r.html}`.matchAll(/gli_[A-Za-z0-9_-]+/g)].map((m) => m[0]));
  return out;
}

test('an email keeps its link only while queued: sent, suppressed and failed messages lose it', async () => {
  const { apiToken, org } = await bootstrap(t, 'scrub-outbox');
  const inv = await call(t, 'POST', '/api/v1/orgs/scrub-outbox/invitations', { token: apiToken, body: { emails: ['sent@scrub.test', 'gone@scrub.test', 'muted@scrub.test'], role: 'member' } });
  const [, gone] = inv.body.results;
  expect((await payloads(org.id)).every((p) => typeof p.payload.acceptUrl === 'string')).toBe(true);
  await call(t, 'POST', `/api/v1/orgs/scrub-outbox/invitations/${gone.invitationId}/revoke`, { token: apiToken });
  await sql`update notifications set run_after = now() + interval '1 hour' where recipient = 'muted@scrub.test'`.execute(t.database.db);
  await t.database.db.insertInto('notifications').values({ orgId: org.id, channel: 'email', kind: 'no_such_kind', recipient: 'broken@scrub.test', payload: JSON.stringify({ invitationId: gone.invitationId, orgName: 'SCRUB-OUTBOX', acceptUrl: 'http://localhost:3000/invite/gli_notreal' }) }).execute();
  await deliver();
  await call(t, 'PATCH', '/api/v1/orgs/scrub-outbox/settings', { token: apiToken, body: { notificationsEnabled: false } });
  const rows = await payloads(org.id);
  expect(rows.map((r) => `${r.recipient} ${r.status}`).sort()).toEqual(['broken@scrub.test failed', 'gone@scrub.test suppressed', 'muted@scrub.test suppressed', 'sent@scrub.test sent']);
  for (const r of rows) {
    expect(r.payload.acceptUrl).toBeUndefined();
    expect(JSON.stringify(r.payload)).not.toContain('gli_');
    expect(r.payload).toMatchObject({ invitationId: expect.any(String), orgName: 'SCRUB-OUTBOX' });
  }
});

test('a password reset email loses its link once sent', async () => {
  await signUp(t, 'reset@scrub.test', 'Reset Me', 'old password 1');
  const res = await t.app.request('http://localhost:3000/api/auth/request-password-reset', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: t.config.publicUrl }, body: JSON.stringify({ email: 'reset@scrub.test', redirectTo: '/reset' }),
  });
  expect(res.status).toBe(200);
  await deliver();
  const rows = await t.database.db.selectFrom('account_notifications').select(['kind', 'status', 'payload']).where('recipient', '=', 'reset@scrub.test').execute();
  expect(rows.map((r) => `${r.kind} ${r.status}`).sort()).toEqual(['email_verification sent', 'password_reset sent']);
  for (const r of rows) {
    expect(r.payload.resetUrl).toBeUndefined();
    expect(r.payload.verifyUrl).toBeUndefined();
    expect(r.payload.name).toBe('Reset Me');
  }
});

test('the development mailbox keeps a link only while it works; account links go after their hour', async () => {
  const { apiToken, org } = await bootstrap(t, 'scrub-box');
  const inv = await call(t, 'POST', '/api/v1/orgs/scrub-box/invitations', {
    token: apiToken, body: { emails: ['live@box.test', 'took@box.test', 'cut@box.test', 'again@box.test', 'late@box.test'], role: 'member' },
  });
  const byEmail = Object.fromEntries(inv.body.results.map((r: { email: string; invitationId: string }) => [r.email, r.invitationId]));
  await deliver();
  const before = await mailboxTokens(org.id);
  expect(Object.values(before).every((tokens) => tokens.length > 0)).toBe(true);
  const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: before['took@box.test']![0], name: 'Took', password: 'took password 1' } });
  expect(accepted.status).toBe(200);
  await call(t, 'POST', `/api/v1/orgs/scrub-box/invitations/${byEmail['cut@box.test']}/revoke`, { token: apiToken });
  await call(t, 'POST', `/api/v1/orgs/scrub-box/invitations/${byEmail['again@box.test']}/resend`, { token: apiToken });
  await sql`update invitations set expires_at = now() - interval '1 minute' where id = ${byEmail['late@box.test']}::uuid`.execute(t.database.db);
  await deliver();
  await signUp(t, 'acct@box.test', 'Acct');
  await deliver();
  await sql`update dev_mailbox set created_at = now() - interval '2 hours' where org_id is null and to_address = 'reset@scrub.test'`.execute(t.database.db);

  await runSweeps(testWorker(t));
  const after = await mailboxTokens(org.id);
  expect(after['live@box.test']).toEqual(before['live@box.test']);
  expect(after['took@box.test']).toEqual([]);
  expect(after['cut@box.test']).toEqual([]);
  expect(after['late@box.test']).toEqual([]);
  expect(after['again@box.test']).toHaveLength(before['again@box.test']!.length);
  expect(after['again@box.test']!.every((tok) => !before['again@box.test']!.includes(tok))).toBe(true);
  const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: after['again@box.test']![0] } });
  expect(preview.status).toBe(200);

  const account = await t.database.db.selectFrom('dev_mailbox').select(['toAddress', 'text', 'html']).where('orgId', 'is', null).execute();
  const old = account.filter((m) => m.toAddress === 'reset@scrub.test');
  expect(old).toHaveLength(2);
  for (const m of old) expect(`${m.text} ${m.html}`).not.toMatch(/https?:\/\/\S*(token|reset-password)/);
  const fresh = account.find((m) => m.toAddress === 'acct@box.test')!;
  expect(fresh.text).toMatch(/verify-email\?token=/);
});

test('the development mailbox shows a link replaced by a resend as removed at once, before any sweep', async () => {
  const { apiToken } = await bootstrap(t, 'links-read');
  const inv = await call(t, 'POST', '/api/v1/orgs/links-read/invitations', { token: apiToken, body: { emails: ['read@links.test'], role: 'member' } });
  await drain(testWorker(t));
  expect((await call(t, 'POST', `/api/v1/orgs/links-read/invitations/${inv.body.results[0].invitationId}/resend`, { token: apiToken })).status).toBe(200);
  await drain(testWorker(t));
  const box = await call(t, 'GET', '/api/v1/dev/mailbox?to=read@links.test', { token: apiToken });
  const links = box.body.items.map((m: { text: string }) => /\/invite\/(gli_[A-Za-z0-9_-]+|\(link removed\))/.exec(m.text)?.[1]);
  expect(links).toHaveLength(2);
  expect(links[0]).toMatch(/^gli_/); // newest first: the resend's link works
  expect(links[1]).toBe('(link removed)');
});
