import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

// Issue 8: a bulk invite records one event per action naming every person in its data, instead of
// one row per person per action (about half a second of a 10,000-address call).
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

interface Event { action: string; target: string | null; data: { count?: number; items?: { target: string; email: string }[]; email?: string } }

async function events(token: string, slug: string, action: string): Promise<Event[]> {
  const res = await call(t, 'GET', `/api/v1/orgs/${slug}/audit-events?action=${action}`, { token });
  expect(res.status).toBe(200);
  return res.body.items;
}

test('a bulk invite is one event per action, naming each person; a single invite stays an event about that person', async () => {
  const { apiToken } = await bootstrap(t, 'audit-batch');
  const emails = Array.from({ length: 150 }, (_, i) => `p${i}@batch.test`);
  const res = await call(t, 'POST', '/api/v1/orgs/audit-batch/invitations', { token: apiToken, body: { emails, role: 'member' } });
  expect(res.body.counts.invited).toBe(150);
  const invitationIds = new Set(res.body.results.map((r: { invitationId: string }) => `invitation:${r.invitationId}`));

  const created = await events(apiToken, 'audit-batch', 'invitation.created');
  expect(created).toHaveLength(1);
  expect(created[0]!.target).toBeNull();
  expect(created[0]!.data.count).toBe(150);
  // A page of the log shows the first 100 people of a batch; the count says how many there were.
  expect(created[0]!.data.items).toHaveLength(100);
  for (const item of created[0]!.data.items!) expect(invitationIds.has(item.target)).toBe(true);
  expect(new Set(created[0]!.data.items!.map((i) => i.email)).size).toBe(100);
  const added = await events(apiToken, 'audit-batch', 'member.created');
  expect(added.map((e) => e.data.count)).toEqual([150]);

  await call(t, 'POST', '/api/v1/orgs/audit-batch/invitations', { token: apiToken, body: { emails: ['single@batch.test'], role: 'member' } });
  const latest = (await events(apiToken, 'audit-batch', 'invitation.created'))[0]!;
  expect(latest.target).toMatch(/^invitation:/);
  expect(latest.data.email).toBe('single@batch.test');
});

test('each invite lists its invitation above the member it added, as written (newest first)', async () => {
  const { apiToken } = await bootstrap(t, 'audit-pairs');
  for (let i = 0; i < 20; i++) {
    const res = await call(t, 'POST', '/api/v1/orgs/audit-pairs/invitations', { token: apiToken, body: { emails: [`pair${i}@batch.test`], role: 'member' } });
    expect(res.body.counts.invited).toBe(1);
  }
  const res = await call(t, 'GET', '/api/v1/orgs/audit-pairs/audit-events?limit=100', { token: apiToken });
  const log = (res.body.items as Event[]).filter((e) => e.action === 'member.created' || e.action === 'invitation.created');
  const expected = Array.from({ length: 20 }, (_, i) => [`invitation.created ${19 - i}`, `member.created ${19 - i}`]).flat();
  expect(log.map((e) => `${e.action} ${/pair(\d+)@/.exec(e.data.email!)![1]}`)).toEqual(expected);
});
