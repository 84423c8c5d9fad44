import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { orgCappedInSecondSlice } from '../support/daily-cap.ts';
import { countRows } from '../support/invitations.ts';

// A send to all pending checks the daily cap up front, but runs in slices: another sender may take
// the rest of the day's allowance while it runs. The slice that then reaches the cap sends to the
// members that still fit, and the send reports everyone after them as failed.
const CAP = 30_000;
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: String(CAP) }); });
afterAll(async () => { await t.close(); });

test('the daily cap reached in a later slice sends the members that fit and reports the rest as failed', async () => {
  const { apiToken, org, slice, fit, pending: n } = await orgCappedInSecondSlice(t, 'sp-cap', CAP);

  const res = await call(t, 'POST', '/api/v1/orgs/sp-cap/invitations/send', { token: apiToken, body: { scope: 'pending' } });

  expect(res.status).toBe(200);
  expect(res.body.summarized).toBe(true);
  expect(res.body.counts).toEqual({ invited: slice + fit, resent: 0, failed: n - slice - fit });
  expect(res.body.results).toHaveLength(100);
  for (const r of res.body.results) expect(r).toMatchObject({ outcome: 'failed', code: 'daily_invitation_limit' });
  const sends = await sql<{ n: number }>`select sum(sent)::int as n from invitation_sends where org_id = ${org.id}::uuid`.execute(t.database.db);
  expect(sends.rows[0]!.n).toBe(CAP);
  expect(await countRows(t, 'invitations', org.id)).toBe(slice + fit);
  expect(await countRows(t, 'notifications', org.id)).toBe(slice + fit);

  // The failures listed are the first members after the last one sent to, in member order, and none got an invitation.
  const members = await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('status', '=', 'pending').orderBy('id').execute();
  const listed: string[] = res.body.results.map((r: { memberId: string }) => r.memberId);
  expect(listed).toEqual(members.slice(slice + fit, slice + fit + 100).map((m) => m.id));
  const invited = await t.database.db.selectFrom('invitations').select('memberId').where('orgId', '=', org.id).orderBy('memberId').execute();
  expect(invited.map((i) => i.memberId)).toEqual(members.slice(0, slice + fit).map((m) => m.id));
});
