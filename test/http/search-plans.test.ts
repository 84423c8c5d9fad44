import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { statementRecorder } from '../support/statements.ts';
import { bootstrap, call } from '../support/client.ts';
import { runWithGenericPlan } from '../../src/storage/raw-statement.ts';

// Issue 8: a prefix search is planned once per connection (its generic plan), not on every request,
// and the setting that asks for it never reaches another statement on the pooled connection.

const recorder = statementRecorder();
let t: TestApp;
beforeAll(async () => {
  recorder.start();
  t = await createTestApp();
});
afterAll(async () => {
  recorder.stop();
  await t.close();
});

describe.skipIf(!process.env.DATABASE_URL)('prefix searches of the lists (PostgreSQL)', () => {
  test('run with the generic plan in a transaction of their own, and find what a custom plan finds', async () => {
    const { apiToken } = await bootstrap(t, 'plans');
    const emails = ['jsmith@plans.test', 'jsmythe@plans.test', 'ann@plans.test', 'JSMall@plans.test'];
    expect((await call(t, 'POST', '/api/v1/orgs/plans/invitations', { token: apiToken, body: { emails, role: 'member' } })).status).toBe(200);

    recorder.texts.length = 0;
    const users = await call(t, 'GET', '/api/v1/orgs/plans/members?q=jsm&limit=10', { token: apiToken });
    const invitations = await call(t, 'GET', '/api/v1/orgs/plans/invitations?q=JSM&limit=10', { token: apiToken });
    expect(users.body.items.map((m: { email: string }) => m.email)).toEqual(['JSMall@plans.test', 'jsmith@plans.test', 'jsmythe@plans.test']);
    expect(invitations.body.items.map((i: { email: string }) => i.email)).toEqual(['JSMall@plans.test', 'jsmith@plans.test', 'jsmythe@plans.test']);
    const generic = recorder.texts.filter((s) => s.includes('plan_cache_mode'));
    expect(generic).toEqual(['begin; set local plan_cache_mode = force_generic_plan', 'begin; set local plan_cache_mode = force_generic_plan']);
    expect(recorder.texts.filter((s) => s === 'commit')).toHaveLength(2);
  });

  test('leave every pooled connection on the default plan choice, after success or failure', async () => {
    const { apiToken } = await bootstrap(t, 'plans-pool');
    const searches = Array.from({ length: 12 }, (_, i) => call(t, 'GET', `/api/v1/orgs/plans-pool/members?q=a${i}&limit=5`, { token: apiToken }));
    await Promise.all(searches);
    // A statement that fails inside the transaction rolls it back, and the setting with it.
    await expect(runWithGenericPlan(t.database.db, 'select 1 / (select count(*) from organizations where false)', [])).rejects.toThrow(/division by zero/);
    const modes = await Promise.all(Array.from({ length: 12 }, () => sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode, pg_sleep(0.05)`.execute(t.database.db)));
    expect(new Set(modes.map((r) => r.rows[0]!.mode))).toEqual(new Set(['auto']));
  });
});
