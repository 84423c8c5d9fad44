import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { up } from '../src/storage/migrations/008_scrub_links.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// Issue 6, items 2 and 4: a database written before links were removed at rest (and before Slack
// failures kept only a status line) is cleaned when it is upgraded.
let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.dispose(); });

test('the upgrade removes links from ended messages and response bodies from Slack failures, and leaves queued mail alone', async () => {
  const org = await t.db.insertInto('organizations').values({ slug: 'upgraded', name: 'Upgraded', slackWebhookUrl: null }).returning('id').executeTakeFirstOrThrow();
  const row = (status: string, channel: string, payload: Record<string, unknown>, lastError: string | null = null) =>
    sql`insert into notifications (org_id, channel, kind, recipient, payload, status, last_error)
        values (${org.id}, ${channel}, 'invitation', 'x@upgraded.test', ${JSON.stringify(payload)}::jsonb, ${status}, ${lastError})`.execute(t.db);
  await row('sent', 'email', { invitationId: 'i1', acceptUrl: 'http://localhost/invite/gli_old' });
  await row('queued', 'email', { invitationId: 'i2', acceptUrl: 'http://localhost/invite/gli_live' });
  await row('failed', 'slack', { text: 'hi' }, 'Slack 500: internal metadata secret');
  await sql`insert into account_notifications (kind, recipient, payload, status) values ('password_reset', 'x@upgraded.test', ${JSON.stringify({ resetUrl: 'http://localhost/reset/abc' })}::jsonb, 'sent')`.execute(t.db);
  await up(t.db as unknown as Kysely<unknown>);
  await up(t.db as unknown as Kysely<unknown>);
  const rows = await sql<{ status: string; payload: Record<string, unknown>; lastError: string | null }>`select status, payload, last_error from notifications where org_id = ${org.id} order by created_at, status`.execute(t.db);
  const byStatus = Object.fromEntries(rows.rows.map((r) => [r.status, r]));
  expect(byStatus.sent!.payload).toEqual({ invitationId: 'i1' });
  expect(byStatus.queued!.payload).toMatchObject({ acceptUrl: 'http://localhost/invite/gli_live' });
  expect(byStatus.failed!.lastError).toBe('Slack 500');
  const account = await sql<{ payload: Record<string, unknown> }>`select payload from account_notifications where recipient = 'x@upgraded.test'`.execute(t.db);
  expect(account.rows[0]!.payload).toEqual({});
});
