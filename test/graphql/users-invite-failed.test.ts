import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { orgCappedInSecondSlice } from '../support/daily-cap.ts';

// usersInvite(scope: pending) answers every identifier that got no invitation in `failed`: an
// OpsLevel client takes `failed` as the whole list, so the REST summary's first 100 would pass
// the rest off as sent.
const CAP = 30_000;
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: String(CAP) }); });
afterAll(async () => { await t.close(); });

test('usersInvite(scope: pending) lists every member not sent to in failed, however many', async () => {
  // The cap runs out in the second slice: everyone after the members that fit fails (more than 100).
  const { apiToken, org, slice, fit, pending: n } = await orgCappedInSecondSlice(t, 'gql-cap', CAP);

  const res = await t.app.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
    body: JSON.stringify({ query: 'mutation{usersInvite(input: {scope: pending}){users{email},failed,errors{message}}}' }),
  });
  const payload = ((await res.json()) as { data: { usersInvite: { users: unknown[]; failed: string[]; errors: unknown[] } } }).data.usersInvite;

  expect(payload.errors).toEqual([]);
  expect(payload.users).toHaveLength(Math.min(slice + fit, 500));
  const members = await t.database.db.selectFrom('members').select('email').where('orgId', '=', org.id).where('status', '=', 'pending').orderBy('id').execute();
  expect(payload.failed).toHaveLength(n - slice - fit);
  expect(payload.failed).toEqual(members.slice(slice + fit).map((m) => m.email));
});
