import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

// On PGlite a bulk call runs as several bounded transactions (issue 6, item 10); the outcomes must
// be exactly those of one transaction, and other requests must get in between.
describe('bulk calls larger than one slice', () => {
  test('a batch of 700 with repeats across it, existing members and bad addresses: one outcome each', async () => {
    const { apiToken, org } = await bootstrap(t, 'slices');
    await call(t, 'POST', '/api/v1/orgs/slices/invitations', { token: apiToken, body: { emails: ['a650@slices.test', 'a20@slices.test'], role: 'member', sendInvite: false } });
    await call(t, 'POST', '/api/v1/orgs/slices/invitations', { token: apiToken, body: { emails: ['a400@slices.test'], role: 'member' } });
    const emails = Array.from({ length: 700 }, (_, i) => `a${i}@slices.test`);
    emails.splice(500, 0, 'A3@Slices.TEST', 'not an address', 'a699@slices.test');
    const res = await call(t, 'POST', '/api/v1/orgs/slices/invitations', { token: apiToken, body: { emails, role: 'member' } });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(701);
    expect(res.body.counts).toEqual({ invited: 699, created: 0, already_invited: 1, failed: 1 });
    const byEmail = new Map((res.body.results as { email: string; outcome: string }[]).map((r) => [r.email, r.outcome]));
    expect(byEmail.get('a400@slices.test')).toBe('already_invited');
    expect(byEmail.get('a650@slices.test')).toBe('invited');
    expect(byEmail.get('not an address')).toBe('failed');

    const sent = await call(t, 'POST', '/api/v1/orgs/slices/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ results: [], counts: { invited: 0, resent: 700, failed: 0 }, summarized: true });
    const resentOnce = await t.database.db.selectFrom('invitations').select('memberId').where('orgId', '=', org.id).where('status', '=', 'pending').where('sentCount', '=', 2).execute();
    expect(new Set(resentOnce.map((r) => r.memberId)).size).toBe(700);
    const named = await call(t, 'POST', '/api/v1/orgs/slices/invitations/send', { token: apiToken, body: { members: [...emails.slice(0, 400), 'a5@slices.test', 'nobody@slices.test'] } });
    // A member named twice is sent to once, even when the two names fall in different slices.
    expect(named.body.counts).toEqual({ invited: 0, resent: 400, failed: 1 });
    expect(named.body.results).toHaveLength(401);
    const pending = await t.database.db.selectFrom('invitations').select('memberId').where('orgId', '=', org.id).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(700);
  });

  test('a request made while a large invite runs is answered before the invite finishes', async () => {
    const { apiToken } = await bootstrap(t, 'slices-fair');
    const emails = Array.from({ length: 3000 }, (_, i) => `f${i}@fair.test`);
    const finished: string[] = [];
    const invite = call(t, 'POST', '/api/v1/orgs/slices-fair/invitations', { token: apiToken, body: { emails, role: 'member' } }).then((r) => {
      finished.push('invite');
      return r;
    });
    const read = new Promise((resolve) => setTimeout(resolve, 1))
      .then(() => call(t, 'GET', '/api/v1/orgs/slices-fair', { token: apiToken }))
      .then((r) => {
        finished.push('read');
        return r;
      });
    const [invited, org] = await Promise.all([invite, read]);
    expect(invited.body.counts.invited).toBe(3000);
    expect(org.status).toBe(200);
    expect(finished).toEqual(['read', 'invite']);
  });
});
