import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';
import { GROUP, newUser, patch, scim, scimOrg } from './support.ts';

// Identity providers send requests in parallel. PGlite runs one transaction at a time, where these
// pass by construction: they are PostgreSQL tests (CI runs the suite again with DATABASE_URL set).
describe.skipIf(!process.env.DATABASE_URL)('SCIM races settled by the database (PostgreSQL)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof scimOrg>>;
  beforeAll(async () => {
    t = await createTestApp();
    org = await scimOrg(t, 'scim-races');
  });
  afterAll(async () => { await t.close(); });

  test('the same user created 10 times at once: one 201, nine 409 uniqueness, one member, one invitation', async () => {
    for (let round = 0; round < 3; round++) {
      const email = `same${round}@example.com`;
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => scim(t, org.scim, 'POST', '/Users', newUser(i % 2 ? email.toUpperCase() : email))));
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.scimType === 'uniqueness')).toBe(true);
      const members = await t.database.db.selectFrom('members').select('id').where('emailNormalized', '=', email).execute();
      expect(members).toHaveLength(1);
      const queued = await t.database.db.selectFrom('notifications').select('id').where('recipient', 'in', [email, email.toUpperCase()]).execute();
      expect(queued).toHaveLength(1);
    }
  });

  test('10 members added to one group by 10 PATCH requests at once: all 10 are in (no lost update)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await scim(t, org.scim, 'POST', '/Users', newUser(`member${i}@example.com`))).body.id);
    const group = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Parallel' })).body.id;
    const results = await Promise.all(ids.map((id) => scim(t, org.scim, 'PATCH', `/Groups/${group}`, patch({ op: 'Add', path: 'members', value: [{ value: id }] }))));
    expect(results.map((r) => r.status)).toEqual(Array<number>(10).fill(204));
    const read = await scim(t, org.scim, 'GET', `/Groups/${group}`);
    expect(read.body.members.map((m: any) => m.value).sort()).toEqual([...ids].sort());
    // And removed at once, 5 by filter and 5 by value list.
    await Promise.all(ids.map((id, i) => scim(t, org.scim, 'PATCH', `/Groups/${group}`, i % 2 ? patch({ op: 'remove', path: `members[value eq "${id}"]` }) : patch({ op: 'Remove', path: 'members', value: [{ value: id }] }))));
    expect((await scim(t, org.scim, 'GET', `/Groups/${group}`)).body.members).toEqual([]);
  });

  test('a group PATCH and an admin changing the same member\'s teams at once: no deadlock, no server error, both land', async () => {
    for (let round = 0; round < 5; round++) {
      const member = (await scim(t, org.scim, 'POST', '/Users', newUser(`teams${round}@example.com`))).body.id;
      const a = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: `A${round}` })).body.id;
      const b = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: `B${round}` })).body.id;
      const [scimResult, restResult] = await Promise.all([
        scim(t, org.scim, 'PATCH', `/Groups/${a}`, patch({ op: 'add', path: 'members', value: [{ value: member }] })),
        call(t, 'PATCH', `/api/v1/orgs/scim-races/members/${member}`, { token: org.admin, body: { teams: [b] } }),
      ]);
      expect(scimResult.status).toBe(204);
      expect(restResult.status).toBe(200);
    }
  });

  test('a user deleted while a group PATCH adds them: a clear answer (404 or 409 or 204), never a server error', async () => {
    for (let round = 0; round < 10; round++) {
      const member = (await scim(t, org.scim, 'POST', '/Users', newUser(`gone${round}@example.com`))).body.id;
      const group = (await scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName: `Gone${round}` })).body.id;
      const [removed, added] = await Promise.all([
        scim(t, org.scim, 'DELETE', `/Users/${member}`),
        scim(t, org.scim, 'PATCH', `/Groups/${group}`, patch({ op: 'add', path: 'members', value: [{ value: member }] })),
      ]);
      expect(removed.status).toBe(204);
      expect([204, 400, 409], JSON.stringify(added.body)).toContain(added.status);
      expect((await scim(t, org.scim, 'GET', `/Groups/${group}`)).body.members).toEqual([]);
    }
  });

  test('parallel PATCHes of one user (names and active toggles): no deadlock, every one answers 200', async () => {
    const id = (await scim(t, org.scim, 'POST', '/Users', newUser('busy@example.com'))).body.id;
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([
        scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'displayName', value: `Busy ${round}` })),
        scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'name.givenName', value: `Given ${round}` })),
        scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: round % 2 ? 'True' : 'False' })),
        scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'title', value: `Title ${round}` })),
      ]);
      expect(results.map((r) => r.status), JSON.stringify(results.map((r) => r.body?.detail))).toEqual([200, 200, 200, 200]);
    }
  });

  test('two groups whose names differ only by case, created at once: one 201, one 409', async () => {
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([`Race${round}`, `RACE${round}`].map((displayName) => scim(t, org.scim, 'POST', '/Groups', { schemas: [GROUP], displayName })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    }
  });

  test('REST: renaming a member while another request deactivates or reactivates them: no deadlock, both 200', async () => {
    const id = (await scim(t, org.scim, 'POST', '/Users', newUser('rest-busy@example.com'))).body.id;
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([
        call(t, 'PATCH', `/api/v1/orgs/scim-races/members/${id}`, { token: org.admin, body: { name: `Rest ${round}` } }),
        scim(t, org.scim, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: round % 2 === 0 ? false : true })),
        call(t, 'PATCH', `/api/v1/orgs/scim-races/members/${id}`, { token: org.admin, body: { name: `Again ${round}` } }),
      ]);
      expect(results.map((r) => r.status), JSON.stringify(results.map((r) => r.body?.detail ?? r.body?.code))).toEqual([200, 200, 200]);
    }
  });
});
