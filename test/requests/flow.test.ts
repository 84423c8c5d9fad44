import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { ask, confirmToken, deliver, recipient, requestableOrg, sweepAndDeliver } from './support.ts';

// Issue 9: invitation requests end to end against a real SMTP peer (R12–R13).
let smtp: TestSmtpServer;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '100000', RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: '100000' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('an invitation request', () => {
  test('request → confirmation email → confirm → admins told once → approve as guest with app access → invitation email → accept', async () => {
    const { apiToken } = await requestableOrg(t, 'req-flow');
    const wiki = await call(t, 'POST', '/api/v1/orgs/req-flow/apps', { token: apiToken, body: { name: 'Wiki' } });
    const form = await call(t, 'GET', '/api/v1/orgs/req-flow/invitation-requests/form');
    expect(form.body).toEqual({ organization: { slug: 'req-flow', name: expect.any(String) } });

    const asked = await ask(t, 'req-flow', { email: 'Ann@Outside.test', name: 'Ann Outside', message: 'I run the wiki' });
    expect([asked.status, asked.body.status]).toEqual([202, 'received']);
    const [confirmation, ...others] = await deliver(t, smtp);
    expect(others).toEqual([]);
    expect(recipient(confirmation!)).toContain('ann@outside.test');
    expect(confirmation!.subject).toContain('Confirm your request');
    // Nothing reaches admins before the address is confirmed.
    const before = await call(t, 'GET', '/api/v1/orgs/req-flow/invitation-requests', { token: apiToken });
    expect([before.body.items, before.body.counts]).toEqual([[], { open: 0, stale: 0 }]);
    expect(await sweepAndDeliver(t, smtp)).toEqual([]);

    const token = confirmToken(confirmation!);
    const confirmed = await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token } });
    expect(confirmed.body).toEqual({ status: 'confirmed', organization: { name: expect.any(String) } });
    const again = await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token } });
    expect([again.status, again.body.code]).toEqual([404, 'request_link_invalid']);

    const digest = await sweepAndDeliver(t, smtp);
    expect(digest.map(recipient)).toEqual(['admin@req-flow.test']);
    expect(digest[0]!.subject).toContain('a new invitation request');
    expect(digest[0]!.text).toContain('Ann Outside (Ann@Outside.test)');
    expect(await sweepAndDeliver(t, smtp)).toEqual([]); // told once

    const list = await call(t, 'GET', '/api/v1/orgs/req-flow/invitation-requests?status=open', { token: apiToken });
    expect(list.body.counts).toEqual({ open: 1, stale: 0 });
    const [request] = list.body.items;
    expect(request).toMatchObject({ email: 'Ann@Outside.test', name: 'Ann Outside', message: 'I run the wiki', status: 'open' });

    const approved = await call(t, 'POST', `/api/v1/orgs/req-flow/invitation-requests/${request.id}/approve`, {
      token: apiToken, body: { role: 'guest', apps: [{ appId: wiki.body.id, appRole: 'read' }] },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.result).toMatchObject({ outcome: 'invited', email: 'Ann@Outside.test' });
    expect(approved.body.request.status).toBe('approved');
    const twice = await call(t, 'POST', `/api/v1/orgs/req-flow/invitation-requests/${request.id}/dismiss`, { token: apiToken });
    expect([twice.status, twice.body.code]).toEqual([409, 'request_not_open']);

    const [invitation] = await deliver(t, smtp);
    expect(recipient(invitation!)).toContain('ann@outside.test');
    const link = /\/invite\/(gli_[A-Za-z0-9_-]+)/.exec(invitation!.text ?? '');
    const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: link![1], name: 'Ann Outside', password: 'correct horse battery' } });
    expect(accepted.status).toBe(200);
    const member = await call(t, 'GET', `/api/v1/orgs/req-flow/members/${accepted.body.memberId}`, { token: apiToken });
    expect(member.body).toMatchObject({ status: 'active', role: 'guest', source: 'request' });
    expect(member.body.apps).toEqual([expect.objectContaining({ appId: wiki.body.id, appRole: 'read' })]);

    const audit = await sql<{ action: string }>`select action from audit_events where action like 'invitation_request.%' and data->>'email' = 'Ann@Outside.test' order by at`.execute(t.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['invitation_request.requested', 'invitation_request.confirmed', 'invitation_request.approved']);
  });

  test('the same address asked 20 times at once gives one request and one confirmation email', async () => {
    const { org } = await requestableOrg(t, 'req-burst');
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask(t, 'req-burst', { email: 'burst@outside.test', name: 'Burst' })));
    expect(new Set(answers.map((a) => `${a.status} ${JSON.stringify(a.body)}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    const rows = await t.database.db.selectFrom('invitation_requests').select('id').where('orgId', '=', org.id).execute();
    expect(rows).toHaveLength(1);
    const mails = await deliver(t, smtp);
    expect(mails.map(recipient)).toEqual(['burst@outside.test']);
    // Asked again the same day: refreshed, and no second email.
    await ask(t, 'req-burst', { email: 'BURST@outside.test', name: 'Burst' });
    expect(await deliver(t, smtp)).toEqual([]);
  });

  test("an existing member's request gets the same public answer, and admins are not told", async () => {
    const { apiToken } = await requestableOrg(t, 'req-member');
    const unknown = await ask(t, 'req-member', { email: 'nobody@outside.test', name: 'Nobody' });
    const member = await ask(t, 'req-member', { email: 'admin@req-member.test', name: 'Admin' });
    expect([member.status, member.body, member.headers.get('content-type')]).toEqual([unknown.status, unknown.body, unknown.headers.get('content-type')]);
    const mails = await deliver(t, smtp);
    const adminMail = mails.find((m) => recipient(m).includes('admin@req-member.test'))!;
    await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: confirmToken(adminMail) } });
    expect(await sweepAndDeliver(t, smtp)).toEqual([]);
    const stale = await call(t, 'GET', '/api/v1/orgs/req-member/invitation-requests?status=stale', { token: apiToken });
    expect(stale.body.items.map((r: { email: string }) => r.email)).toEqual(['admin@req-member.test']);
  });

  test('a requester who joined meanwhile is stale at every read; approving says already_member; dismiss stale clears exactly those', async () => {
    const { apiToken, org } = await requestableOrg(t, 'req-stale');
    for (const email of ['joins@outside.test', 'waits@outside.test']) await ask(t, 'req-stale', { email, name: email.split('@')[0] });
    for (const mail of await deliver(t, smtp)) await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: confirmToken(mail) } });
    await sweepAndDeliver(t, smtp);
    // joins@ becomes an active member some other way (an invitation accepted).
    await call(t, 'POST', '/api/v1/orgs/req-stale/invitations', { token: apiToken, body: { emails: ['joins@outside.test'], role: 'member' } });
    const [invitation] = await deliver(t, smtp);
    const link = /\/invite\/(gli_[A-Za-z0-9_-]+)/.exec(invitation!.text ?? '');
    expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token: link![1], name: 'Joins', password: 'correct horse battery' } })).status).toBe(200);

    const all = await call(t, 'GET', '/api/v1/orgs/req-stale/invitation-requests', { token: apiToken });
    expect(Object.fromEntries(all.body.items.map((r: { email: string; status: string }) => [r.email, r.status]))).toEqual({ 'joins@outside.test': 'stale', 'waits@outside.test': 'open' });
    expect(all.body.counts).toEqual({ open: 1, stale: 1 });
    const joins = all.body.items.find((r: { email: string }) => r.email === 'joins@outside.test');
    const approve = await call(t, 'POST', `/api/v1/orgs/req-stale/invitation-requests/${joins.id}/approve`, { token: apiToken, body: { role: 'member' } });
    expect([approve.status, approve.body.code]).toEqual([409, 'already_member']);

    const cleared = await call(t, 'POST', '/api/v1/orgs/req-stale/invitation-requests/dismiss-stale', { token: apiToken });
    expect(cleared.body).toEqual({ dismissed: 1 });
    const rows = () => t.database.db.selectFrom('invitation_requests').select(['email', 'status']).where('orgId', '=', org.id).orderBy('email').execute();
    expect(await rows()).toEqual([{ email: 'joins@outside.test', status: 'dismissed' }, { email: 'waits@outside.test', status: 'open' }]);
    const waits = all.body.items.find((r: { email: string }) => r.email === 'waits@outside.test');
    expect((await call(t, 'POST', `/api/v1/orgs/req-stale/invitation-requests/${waits.id}/dismiss`, { token: apiToken })).status).toBe(200);
    expect(await deliver(t, smtp)).toEqual([]); // dismissing sends nothing
    expect((await rows())[1]).toEqual({ email: 'waits@outside.test', status: 'dismissed' });
  });

  test('with the setting off the organization answers as one that does not exist', async () => {
    const { apiToken } = await requestableOrg(t, 'req-off');
    await call(t, 'PATCH', '/api/v1/orgs/req-off/settings', { token: apiToken, body: { invitationRequestsEnabled: false } });
    for (const slug of ['req-off', 'no-such-org']) {
      const form = await call(t, 'GET', `/api/v1/orgs/${slug}/invitation-requests/form`);
      const asked = await ask(t, slug, { email: 'x@outside.test', name: 'X' });
      expect([form.status, form.body.code, asked.status, asked.body.code]).toEqual([404, 'org_not_found', 404, 'org_not_found']);
    }
    expect(await deliver(t, smtp)).toEqual([]);
  });

  test('allowed domains: other addresses get the same answer and nothing is stored or sent', async () => {
    const { apiToken, org } = await requestableOrg(t, 'req-domains', { invitationRequestDomains: ['Acme.test', '@corp.test', 'acme.test'] });
    const settings = await call(t, 'GET', '/api/v1/orgs/req-domains', { token: apiToken });
    expect(settings.body.settings.invitationRequestDomains).toEqual(['acme.test', 'corp.test']);
    const inside = await ask(t, 'req-domains', { email: 'ok@acme.test', name: 'Ok' });
    const outside = await ask(t, 'req-domains', { email: 'no@elsewhere.test', name: 'No' });
    expect([outside.status, outside.body]).toEqual([inside.status, inside.body]);
    const rows = await t.database.db.selectFrom('invitation_requests').select('email').where('orgId', '=', org.id).execute();
    expect(rows).toEqual([{ email: 'ok@acme.test' }]);
    expect((await deliver(t, smtp)).map(recipient)).toEqual(['ok@acme.test']);
    const bad = await call(t, 'PATCH', '/api/v1/orgs/req-domains/settings', { token: apiToken, body: { invitationRequestDomains: ['not a domain'] } });
    expect([bad.status, bad.body.code, bad.body.detail]).toEqual([400, 'validation_failed', expect.stringContaining('"not a domain" is not a domain')]);
  });

  test("another organization's request id answers 404 request_not_found, and changes nothing", async () => {
    const other = await requestableOrg(t, 'req-theirs');
    await ask(t, 'req-theirs', { email: 'theirs@outside.test', name: 'Theirs' });
    await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: confirmToken((await deliver(t, smtp))[0]!) } });
    const theirs = await call(t, 'GET', '/api/v1/orgs/req-theirs/invitation-requests', { token: other.apiToken });
    const id = theirs.body.items[0].id;
    const mine = await requestableOrg(t, 'req-mine-2');
    for (const action of ['approve', 'dismiss']) {
      const res = await call(t, 'POST', `/api/v1/orgs/req-mine-2/invitation-requests/${id}/${action}`, { token: mine.apiToken, body: action === 'approve' ? { role: 'member' } : undefined });
      expect([res.status, res.body.code]).toEqual([404, 'request_not_found']);
    }
    const row = await t.database.db.selectFrom('invitation_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
  });

  test('bad input is refused with a clear error and stores nothing', async () => {
    const { org } = await requestableOrg(t, 'req-bad');
    const bad = await ask(t, 'req-bad', { email: 'not-an-address', name: 'X' });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_email']);
    const long = await ask(t, 'req-bad', { email: 'a@b.test', name: 'X', message: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    const noName = await ask(t, 'req-bad', { email: 'a@b.test', name: ' ' });
    expect(noName.status).toBe(400);
    const rows = await t.database.db.selectFrom('invitation_requests').select('id').where('orgId', '=', org.id).execute();
    expect(rows).toEqual([]);
  });
});
