import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

let t: TestApp;
let apiToken: string;
beforeAll(async () => {
  t = await createTestApp();
  apiToken = (await bootstrap(t, 'dots')).apiToken;
});
afterAll(async () => {
  await t.close();
});

describe('an address whose domain ends with a dot (issue 6, item 11)', () => {
  test('is refused at input as invalid_email, not invited and then refused by the mail server', async () => {
    const res = await call(t, 'POST', '/api/v1/orgs/dots/invitations', { token: apiToken, body: { emails: ['dot2@example.com.', 'dot3@example.com'], role: 'member' } });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ email: 'dot2@example.com.', outcome: 'failed', code: 'invalid_email', message: expect.stringContaining('ends with a dot') }),
      expect.objectContaining({ email: 'dot3@example.com', outcome: 'invited' }),
    ]);
    const invited = await t.database.db.selectFrom('invitations').select('emailNormalized').execute();
    expect(invited.map((i) => i.emailNormalized)).toEqual(['dot3@example.com']);
  });
});
