import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn } from '../support/client.ts';

// Issue 10, item 5: Rely.io's invite body, sent as its documentation shows, with an API token.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('POST /api/v1/legacy/users/invite', () => {
  test('invites one person as a member and answers like the native invite; again: already invited', async () => {
    const { apiToken } = await bootstrap(t, 'rely');
    const res = await call(t, 'POST', '/api/v1/legacy/users/invite', { token: apiToken, body: { name: 'John Doe', email: 'john.doe@rely.test' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ results: [{ email: 'john.doe@rely.test', outcome: 'invited' }], counts: { invited: 1, created: 0, already_invited: 0, failed: 0 } });
    const member = await call(t, 'GET', `/api/v1/orgs/rely/members/${res.body.results[0].memberId}`, { token: apiToken });
    expect(member.body).toMatchObject({ name: 'John Doe', role: 'member', status: 'pending' });
    const again = await call(t, 'POST', '/api/v1/legacy/users/invite', { token: apiToken, body: { name: 'John Doe', email: 'John.Doe@rely.test' } });
    expect(again.body.results[0].outcome).toBe('already_invited');
  });

  test('bad input and sessions are refused with a clear error', async () => {
    const { apiToken } = await bootstrap(t, 'rely-bad');
    const noName = await call(t, 'POST', '/api/v1/legacy/users/invite', { token: apiToken, body: { email: 'x@rely.test' } });
    expect(noName.status).toBe(400);
    const extra = await call(t, 'POST', '/api/v1/legacy/users/invite', { token: apiToken, body: { name: 'X', email: 'x@rely.test', role: 'admin' } });
    expect(extra.status).toBe(400);
    const bad = await call(t, 'POST', '/api/v1/legacy/users/invite', { token: apiToken, body: { name: 'X', email: 'nope' } });
    expect(bad.body.results[0]).toMatchObject({ outcome: 'failed', code: 'invalid_email' });
    const session = await signIn(t, 'admin@rely-bad.test');
    const bySession = await call(t, 'POST', '/api/v1/legacy/users/invite', { session, body: { name: 'X', email: 'x@rely.test' } });
    expect([bySession.status, bySession.body.code]).toEqual([403, 'forbidden']);
    const none = await call(t, 'POST', '/api/v1/legacy/users/invite', { body: { name: 'X', email: 'x@rely.test' } });
    expect(none.status).toBe(401);
  });
});
