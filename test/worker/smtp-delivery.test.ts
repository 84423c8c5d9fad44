import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { smtpTransport } from '../../src/worker/transports/smtp.ts';
import { drain } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { testWorker } from '../support/worker.ts';

let smtp: TestSmtpServer;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Guestlist <invites@guestlist.test>' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Delivers what is due through SMTP to the test server. */
async function deliver(url = smtp.url): Promise<number> {
  const transport = smtpTransport(url, { timeoutMs: 2000 });
  try {
    return await drain(testWorker(t, transport));
  } finally {
    await transport.close();
  }
}

async function statusOf(email: string) {
  return t.database.db.selectFrom('notifications').select(['id', 'status', 'attempts', 'lastError', 'runAfter']).where('recipient', '=', email).executeTakeFirstOrThrow();
}

describe('email through a real SMTP server', () => {
  test('invitations arrive with both parts, a stable Message-ID, escaped names and a working link', async () => {
    const { apiToken } = await bootstrap(t, 'smtp-ok');
    await call(t, 'PATCH', '/api/v1/orgs/smtp-ok/settings', { token: apiToken, body: { name: '<b>Ada</b> & "Co"' } });
    await call(t, 'POST', '/api/v1/orgs/smtp-ok/invitations', { token: apiToken, body: { emails: ['Ann@Example.test'], role: 'guest', name: 'Ann <script>x</script>' } });
    smtp.mode = 'accept';
    const before = smtp.received.length;
    expect(await deliver()).toBe(1);
    const mail = smtp.received.slice(before)[0]!;
    const row = await statusOf('Ann@Example.test');
    expect(row.status).toBe('sent');
    expect(mail.messageId).toBe(`<${row.id}@localhost>`);
    expect((mail.to && 'text' in mail.to ? mail.to.text : '').toLowerCase()).toContain('ann@example.test');
    expect(mail.from?.text).toContain('invites@guestlist.test');
    expect(mail.subject).toContain('<b>Ada</b>');
    expect(mail.html || '').not.toContain('<script>x</script>');
    expect(mail.html || '').toContain('&lt;b&gt;Ada&lt;/b&gt;');
    const link = /http:\/\/localhost:3000\/invite\/(gli_[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
    expect(link).not.toBeNull();
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: link![1] } });
    expect(preview.body).toMatchObject({ email: 'Ann@Example.test', role: 'guest' });
  });

  test('names outside ASCII arrive intact in both parts and the subject', async () => {
    const { apiToken } = await bootstrap(t, 'smtp-utf8');
    await call(t, 'PATCH', '/api/v1/orgs/smtp-utf8/settings', { token: apiToken, body: { name: 'Zoë & Søn 山田' } });
    await call(t, 'POST', '/api/v1/orgs/smtp-utf8/invitations', { token: apiToken, body: { emails: ['jose@example.test'], role: 'member', name: 'José Ñúñez' } });
    const before = smtp.received.length;
    expect(await deliver()).toBe(1);
    const mail = smtp.received.slice(before)[0]!;
    expect(mail.subject).toContain('Zoë & Søn 山田');
    expect(mail.html || '').toContain('Zoë &amp; Søn 山田');
    expect(mail.html || '').toContain('José Ñúñez');
    expect(mail.text || '').toContain('Zoë & Søn 山田');
  });

  test('421 is retried later with backoff; 550 fails for good; both visible to admins', async () => {
    const { apiToken } = await bootstrap(t, 'smtp-fail');
    await call(t, 'POST', '/api/v1/orgs/smtp-fail/invitations', { token: apiToken, body: { emails: ['later@fail.test'], role: 'member' } });
    smtp.mode = 'tempfail';
    await deliver();
    const retried = await statusOf('later@fail.test');
    expect(retried).toMatchObject({ status: 'queued', attempts: 1 });
    expect(retried.lastError).toContain('421');
    expect(retried.runAfter.getTime()).toBeGreaterThan(Date.now());
    smtp.mode = 'accept';
    expect(await deliver()).toBe(0);
    await sql`update notifications set run_after = now() where id = ${retried.id}::uuid`.execute(t.database.db);
    expect(await deliver()).toBe(1);
    expect(await statusOf('later@fail.test')).toMatchObject({ status: 'sent', attempts: 2 });

    await call(t, 'POST', '/api/v1/orgs/smtp-fail/invitations', { token: apiToken, body: { emails: ['never@fail.test'], role: 'member' } });
    smtp.mode = 'reject';
    await deliver();
    const failed = await statusOf('never@fail.test');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('550');
    const listed = await call(t, 'GET', '/api/v1/orgs/smtp-fail/notifications?status=failed', { token: apiToken });
    expect(listed.body.items).toEqual([expect.objectContaining({ recipient: 'never@fail.test', attempts: 1, lastError: expect.stringContaining('550') })]);
    smtp.mode = 'accept';
  });

  test('a refused connection is a temporary failure', async () => {
    const { apiToken } = await bootstrap(t, 'smtp-down');
    await call(t, 'POST', '/api/v1/orgs/smtp-down/invitations', { token: apiToken, body: { emails: ['down@down.test'], role: 'member' } });
    await deliver('smtp://127.0.0.1:9');
    const row = await statusOf('down@down.test');
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    // Out of the way of the tests below, which count what they deliver.
    await sql`update notifications set run_after = now() + interval '1 day' where id = ${row.id}::uuid`.execute(t.database.db);
  });

  test('a message of an organization muted after queuing is suppressed, not sent', async () => {
    const { apiToken, org } = await bootstrap(t, 'smtp-mute');
    await call(t, 'POST', '/api/v1/orgs/smtp-mute/invitations', { token: apiToken, body: { emails: ['quiet@mute.test'], role: 'member' } });
    await sql`update organizations set notifications_enabled = false where id = ${org.id}::uuid`.execute(t.database.db);
    const before = smtp.received.length;
    await deliver();
    expect(smtp.received.length).toBe(before);
    expect((await statusOf('quiet@mute.test')).status).toBe('suppressed');
  });

  // Two workers claim at once only on PostgreSQL; on PGlite their claims take turns on one connection.
  test.skipIf(!process.env.DATABASE_URL)('two workers at once send each message exactly once', async () => {
    const { apiToken } = await bootstrap(t, 'smtp-two');
    const emails = Array.from({ length: 120 }, (_, i) => `p${i}@two.test`);
    await call(t, 'POST', '/api/v1/orgs/smtp-two/invitations', { token: apiToken, body: { emails, role: 'member' } });
    const before = smtp.received.length;
    const transports = [smtpTransport(smtp.url), smtpTransport(smtp.url)];
    const handled = await Promise.all(transports.map((tr) => drain(testWorker(t, tr, { batchSize: 10 }))));
    await Promise.all(transports.map((tr) => tr.close()));
    expect(handled[0]! + handled[1]!).toBe(120);
    const ids = smtp.received.slice(before).map((m) => m.messageId);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });
});
