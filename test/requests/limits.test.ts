import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { announceConfirmedRequests, expireInvitationRequests } from '../../src/domain/requests/announce-requests.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { ask, confirmToken, deliver, recipient, requestableOrg } from './support.ts';

// Issue 9: rate limits, the admins' digest under a burst, expiry, and the mute.
let smtp: TestSmtpServer;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '5', RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: '100000' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Forgets every counted hit, so each test starts with a full allowance. */
const resetLimits = () => sql`delete from rate_limit_hits`.execute(t.database.db);

describe('invitation request limits and notices', () => {
  test('past the per-address limit: 429 with Retry-After, and nothing stored', async () => {
    await resetLimits();
    const { org } = await requestableOrg(t, 'lim-ip');
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await ask(t, 'lim-ip', { email: `p${i}@outside.test`, name: `P${i}` }));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const limited = answers[5]!;
    expect(limited.body.code).toBe('rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    const rows = await t.database.db.selectFrom('invitation_requests').select('email').where('orgId', '=', org.id).execute();
    expect(rows).toHaveLength(5);
    await deliver(t, smtp);
  });

  test('past the per-organization limit: 429 for everyone asking that organization, others unaffected', async () => {
    await resetLimits();
    const limited = await createTestApp({ RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: '100000', RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: '3' });
    try {
      await requestableOrg(limited, 'lim-org-a');
      await requestableOrg(limited, 'lim-org-b');
      const a = [];
      for (let i = 0; i < 4; i++) a.push((await ask(limited, 'lim-org-a', { email: `a${i}@outside.test`, name: 'A' })).status);
      expect(a).toEqual([202, 202, 202, 429]);
      expect((await ask(limited, 'lim-org-b', { email: 'b@outside.test', name: 'B' })).status).toBe(202);
    } finally {
      await limited.close();
    }
  });

  test('a burst of confirmed requests is one digest per admin, and the next burst waits for the spacing', async () => {
    await resetLimits();
    const { apiToken } = await requestableOrg(t, 'lim-burst');
    // A second admin, signed up and joined, so "one per admin" means two emails.
    await call(t, 'POST', '/api/v1/orgs/lim-burst/invitations', { token: apiToken, body: { emails: ['second@lim-burst.test'], role: 'admin' } });
    const [invite] = await deliver(t, smtp);
    const link = /\/invite\/(gli_[A-Za-z0-9_-]+)/.exec(invite!.text ?? '');
    await call(t, 'POST', '/api/v1/invite/accept', { body: { token: link![1], name: 'Second Admin', password: 'correct horse battery' } });

    for (let i = 0; i < 4; i++) await ask(t, 'lim-burst', { email: `b${i}@outside.test`, name: `B${i}` });
    for (const mail of await deliver(t, smtp)) await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: confirmToken(mail) } });
    expect(await announceConfirmedRequests(t.database.db, t.config.publicUrl)).toBe(1);
    const digests = await deliver(t, smtp);
    expect(digests.map(recipient).sort()).toEqual(['admin@lim-burst.test', 'second@lim-burst.test']);
    expect(digests[0]!.subject).toContain('4 new invitation requests');

    await resetLimits();
    await ask(t, 'lim-burst', { email: 'late@outside.test', name: 'Late' });
    await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: confirmToken((await deliver(t, smtp))[0]!) } });
    expect(await announceConfirmedRequests(t.database.db, t.config.publicUrl)).toBe(0); // within five minutes of the last digest
    await sql`update organizations set requests_announced_at = now() - interval '6 minutes' where slug = 'lim-burst'`.execute(t.database.db);
    expect(await announceConfirmedRequests(t.database.db, t.config.publicUrl)).toBe(1);
    expect((await deliver(t, smtp)).map((m) => m.subject)).toEqual([expect.stringContaining('a new invitation request'), expect.stringContaining('a new invitation request')]);
  });

  test('with notifications off nothing is mailed, neither the confirmation nor the digest', async () => {
    await resetLimits();
    const { apiToken, org } = await requestableOrg(t, 'lim-muted', { notificationsEnabled: false });
    const asked = await ask(t, 'lim-muted', { email: 'quiet@outside.test', name: 'Quiet' });
    expect(asked.status).toBe(202);
    expect(await deliver(t, smtp)).toEqual([]);
    const rows = await t.database.db.selectFrom('invitation_requests').select('status').where('orgId', '=', org.id).execute();
    expect(rows).toEqual([{ status: 'unconfirmed' }]);
    await call(t, 'PATCH', '/api/v1/orgs/lim-muted/settings', { token: apiToken, body: { notificationsEnabled: true } });
    expect(await deliver(t, smtp)).toEqual([]); // switching back on sends nothing by itself
  });

  test('requests nobody acted on expire after 30 days; open ones are audited', async () => {
    await resetLimits();
    const { apiToken, org } = await requestableOrg(t, 'lim-expiry');
    await ask(t, 'lim-expiry', { email: 'old@outside.test', name: 'Old' });
    await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: confirmToken((await deliver(t, smtp))[0]!) } });
    await ask(t, 'lim-expiry', { email: 'never@outside.test', name: 'Never' });
    await deliver(t, smtp);
    await sql`update invitation_requests set expires_at = now() - interval '1 second' where org_id = ${org.id}::uuid`.execute(t.database.db);
    // Read as expired before any sweep writes it.
    const before = await call(t, 'GET', '/api/v1/orgs/lim-expiry/invitation-requests', { token: apiToken });
    expect(before.body.items.map((r: { status: string }) => r.status)).toEqual(['expired']);
    expect(await expireInvitationRequests(t.database.db, 100)).toBe(2);
    const rows = await t.database.db.selectFrom('invitation_requests').select(['email', 'status', 'confirmTokenHash']).where('orgId', '=', org.id).orderBy('email').execute();
    expect(rows).toEqual([{ email: 'never@outside.test', status: 'expired', confirmTokenHash: null }, { email: 'old@outside.test', status: 'expired', confirmTokenHash: null }]);
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_events where org_id = ${org.id}::uuid and action = 'invitation_request.expired'`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
    // A new request from the same address starts afresh.
    expect((await ask(t, 'lim-expiry', { email: 'old@outside.test', name: 'Old' })).status).toBe(202);
    await deliver(t, smtp);
  });
});
