import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeActors } from '../../src/storage/actors.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, bootstrapTokenId } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

// Issue 8: actor references are named by one statement of primary-key look-ups (the embedded lists
// name their inviters with it after reading the page). It must name exactly what the list's own
// statement named: people by name or address, tokens by name, nothing else.
test('describeActors names people and tokens, whatever else it is asked, once each', async () => {
  const a = await bootstrap(t, 'actors-a');
  const b = await bootstrap(t, 'actors-b');
  const db = t.database.db;
  const [tokenA, tokenB] = [await bootstrapTokenId(t, 'actors-a', a.apiToken), await bootstrapTokenId(t, 'actors-b', b.apiToken)];
  const account = { id: a.admin.accountId, email: a.admin.email };
  // An id the array parameter must quote (Better Auth's are plain, the column allows anything), and no name.
  await sql`insert into auth_user (id, name, email) values ('we"ird\\id,{x}', '', 'weird@actors.test')`.execute(db);

  const refs = [
    `account:${account.id}`, `account:${account.id}`, 'account:we"ird\\id,{x}', 'account:gone',
    `token:${tokenA}`, `token:${tokenA.toUpperCase()}`, `token:${tokenB}`, 'token:not-a-uuid', 'token:', 'system:bootstrap', 'invitee:x@y.test', null,
  ];
  const everywhere = await describeActors(db, refs);
  expect(Object.fromEntries(everywhere)).toEqual({
    [`account:${account.id}`]: { name: expect.any(String), email: account.email },
    'account:we"ird\\id,{x}': { name: 'weird@actors.test', email: 'weird@actors.test' },
    [`token:${tokenA}`]: { name: 'API token "bootstrap"', email: null },
    [`token:${tokenA.toUpperCase()}`]: { name: 'API token "bootstrap"', email: null },
    [`token:${tokenB}`]: { name: 'API token "bootstrap"', email: null },
  });

  // Within an organization, another organization's token names no one.
  const inA = await describeActors(db, refs, a.org.id);
  expect([...inA.keys()].sort()).toEqual([`account:${account.id}`, 'account:we"ird\\id,{x}', `token:${tokenA}`, `token:${tokenA.toUpperCase()}`].sort());

  // Nothing to look up: no statement, an empty answer.
  expect((await describeActors(db, ['system:expiry', null, 'token:zz'])).size).toBe(0);
});
