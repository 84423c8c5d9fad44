import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { addPendingMembers } from '../support/daily-cap.ts';
import { statementRecorder } from '../support/statements.ts';

// A send counts the day's invitations once up front and once in each transaction, where it holds
// the cap: the count it holds stays exact until it commits, so nothing counts again before writing.
const recorder = statementRecorder();
let t: TestApp;
beforeAll(async () => {
  recorder.start();
  t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: '100000' });
});
afterAll(async () => {
  recorder.stop();
  await t.close();
});

/** The statements of a call that read the organization's daily count. */
async function countsDuring(run: () => Promise<unknown>): Promise<number> {
  recorder.texts.length = 0;
  await run();
  return recorder.texts.filter((s) => /^\s*select\b[\s\S]*\bfrom invitation_sends\b/i.test(s)).length;
}

describe.skipIf(!process.env.DATABASE_URL)('the daily cap is counted once a transaction (PostgreSQL)', () => {
  test('send to all pending, with resends and new invitations, and a send to named members', async () => {
    const { apiToken, org } = await bootstrap(t, 'cap-counts');
    await addPendingMembers(t, org.id, 3, 'cap-counts.test');
    const send = (body: unknown) => call(t, 'POST', '/api/v1/orgs/cap-counts/invitations/send', { token: apiToken, body });
    expect((await send({ members: ['p1@cap-counts.test'] })).body.counts).toEqual({ invited: 1, resent: 0, failed: 0 });

    let res: Awaited<ReturnType<typeof send>> | undefined;
    expect(await countsDuring(async () => { res = await send({ scope: 'pending' }); })).toBe(2);
    expect(res!.body.counts).toEqual({ invited: 2, resent: 1, failed: 0 });
    expect(await countsDuring(async () => { res = await send({ members: ['p1@cap-counts.test', 'p2@cap-counts.test'] }); })).toBe(2);
    expect(res!.body.counts).toEqual({ invited: 0, resent: 2, failed: 0 });
  });
});
