import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn } from '../support/client.ts';
import { expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

// Issue 7, item 4: what the console's Invitations tab shows.
describe('the invitations list for the console', () => {
  test('each invitation names its invitee (when known) and its inviter; the status filter pages by keyset', async () => {
    const { apiToken: token } = await bootstrap(t, 'listed');
    const admin = await signIn(t, 'admin@listed.test');
    await call(t, 'POST', '/api/v1/orgs/listed/invitations', { token, body: { emails: ['named@listed.test'], role: 'member', name: 'Named Person' } });
    await call(t, 'POST', '/api/v1/orgs/listed/invitations', { session: admin, body: { emails: ['p1@listed.test', 'p2@listed.test', 'p3@listed.test'], role: 'guest' } });
    await call(t, 'POST', '/api/v1/orgs/listed/invitations', { session: admin, body: { emails: ['joined@listed.test'], role: 'member' } });
    const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, 'joined@listed.test'), name: 'Joined Person', password: 'correct horse battery' } });
    expect(accepted.status).toBe(200);
    const stale = await call(t, 'POST', '/api/v1/orgs/listed/invitations', { token, body: { emails: ['stale@listed.test'], role: 'member' } });
    await expireInvitation(t, stale.body.results[0].invitationId);

    const all = await call(t, 'GET', '/api/v1/orgs/listed/invitations', { session: admin });
    expect(all.status).toBe(200);
    const byEmail = new Map(all.body.items.map((i: any) => [i.email, i]));
    expect(byEmail.get('named@listed.test')).toMatchObject({ name: 'Named Person', inviter: { name: 'API token "bootstrap"' }, status: 'pending' });
    expect(byEmail.get('p1@listed.test')).toMatchObject({ name: null, inviter: { name: 'admin' }, role: 'guest', sentCount: 1 });
    expect(byEmail.get('joined@listed.test')).toMatchObject({ name: 'Joined Person', status: 'accepted', inviter: { name: 'admin' } });
    expect(byEmail.get('stale@listed.test')).toMatchObject({ status: 'expired' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await call(t, 'GET', `/api/v1/orgs/listed/invitations?${query}`, { session: admin });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) {
        expect(item.status).toBe('pending');
        seen.push(item.email);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    // Newest first, each pending invitation once, in the unfiltered list's order.
    expect(seen).toEqual(all.body.items.filter((i: any) => i.status === 'pending').map((i: any) => i.email));
    expect(new Set(seen)).toEqual(new Set(['named@listed.test', 'p1@listed.test', 'p2@listed.test', 'p3@listed.test']));

    const expired = await call(t, 'GET', '/api/v1/orgs/listed/invitations?status=expired', { session: admin });
    expect(expired.body.items.map((i: any) => i.email)).toEqual(['stale@listed.test']);

    // A member without a name of their own is named by their account.
    await sql`update members set name = null where email_normalized = 'joined@listed.test'`.execute(t.database.db);
    const named = await call(t, 'GET', '/api/v1/orgs/listed/invitations?status=accepted', { session: admin });
    expect(named.body.items.map((i: any) => [i.email, i.name])).toEqual([['joined@listed.test', 'Joined Person']]);
  });
});

// Issue 8: the invitations list searches by a prefix of the address, in address order, and pages through the matches.
describe('searching the invitations list', () => {
  test('q is a case-insensitive address prefix; matches come in address order, newest first per address, paged by keyset', async () => {
    const { apiToken: token } = await bootstrap(t, 'searched');
    const invite = (emails: string[]) => call(t, 'POST', '/api/v1/orgs/searched/invitations', { token, body: { emails, role: 'member' } });
    await invite(['Bea@Searched.test', 'ben@searched.test', 'carl@searched.test', 'bo@searched.test']);
    const first = await call(t, 'GET', '/api/v1/orgs/searched/invitations?q=ben', { token });
    await call(t, 'POST', `/api/v1/orgs/searched/invitations/${first.body.items[0].id}/revoke`, { token, body: {} });
    await invite(['ben@searched.test']); // a second invitation for the same address, newer

    const seen: { email: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(t, 'GET', `/api/v1/orgs/searched/invitations?q=B&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: any) => ({ email: i.email, status: i.status })));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      { email: 'Bea@Searched.test', status: 'pending' },
      { email: 'ben@searched.test', status: 'pending' },
      { email: 'ben@searched.test', status: 'revoked' },
      { email: 'bo@searched.test', status: 'pending' },
    ]);

    const pending = await call(t, 'GET', '/api/v1/orgs/searched/invitations?q=ben&status=pending', { token });
    expect(pending.body.items.map((i: any) => i.status)).toEqual(['pending']);
    const none = await call(t, 'GET', '/api/v1/orgs/searched/invitations?q=zed', { token });
    expect([none.status, none.body.items, none.body.nextCursor]).toEqual([200, [], null]);
  });

  test("a cursor from the unsearched list is refused while searching, and the other way round", async () => {
    const { apiToken: token } = await bootstrap(t, 'searched-cursor');
    await call(t, 'POST', '/api/v1/orgs/searched-cursor/invitations', { token, body: { emails: ['a1@sc.test', 'a2@sc.test'], role: 'member' } });
    const plain = await call(t, 'GET', '/api/v1/orgs/searched-cursor/invitations?limit=1', { token });
    const searched = await call(t, 'GET', '/api/v1/orgs/searched-cursor/invitations?q=a&limit=1', { token });
    const mixed = await call(t, 'GET', `/api/v1/orgs/searched-cursor/invitations?q=a&cursor=${plain.body.nextCursor}`, { token });
    const mixedBack = await call(t, 'GET', `/api/v1/orgs/searched-cursor/invitations?cursor=${searched.body.nextCursor}`, { token });
    for (const res of [mixed, mixedBack]) {
      expect(res.status).toBe(400);
      expect(res.body.detail ?? res.body.title).toMatch(/cursor/);
    }
  });
});

// Issue 7, item 5: the invite dialog points out bad and repeated addresses before anything is sent.
describe('POST /orgs/{org}/invitations/check', () => {
  test('names each address the invite would refuse or already knows, by position, and writes nothing', async () => {
    const { apiToken: token, org } = await bootstrap(t, 'checked');
    await call(t, 'POST', '/api/v1/orgs/checked/invitations', { token, body: { emails: ['waiting@checked.test'], role: 'member' } });
    await call(t, 'POST', '/api/v1/orgs/checked/invitations', { token, body: { emails: ['added@checked.test'], role: 'member', sendInvite: false } });
    const before = await t.database.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', org.id).executeTakeFirstOrThrow();

    const res = await call(t, 'POST', '/api/v1/orgs/checked/invitations/check', {
      token,
      body: { emails: ['new@checked.test', 'not-an-address', 'NEW@Checked.TEST', 'admin@checked.test', 'waiting@checked.test', 'added@checked.test', 'Ada <ada@checked.test>'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.notes).toEqual([
      { index: 1, email: 'not-an-address', code: 'invalid_email', message: 'needs one @ between a local part and a domain' },
      { index: 2, email: 'NEW@Checked.TEST', code: 'duplicate', message: 'is in the list more than once', duplicateOf: 0 },
      { index: 3, email: 'admin@checked.test', code: 'already_member', message: 'The user already exists in the organization.' },
      { index: 4, email: 'waiting@checked.test', code: 'already_invited', message: 'already has a pending invitation; nothing new is sent' },
      { index: 6, email: 'Ada <ada@checked.test>', code: 'invalid_email', message: 'has a display name; give the bare address' },
    ]);
    const after = await t.database.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', org.id).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('admins only, and at most 10,000 addresses', async () => {
    const { apiToken: token } = await bootstrap(t, 'checked-limits');
    const read = await call(t, 'POST', '/api/v1/orgs/checked-limits/api-tokens', { token, body: { name: 'reader', scope: 'read' } });
    const refused = await call(t, 'POST', '/api/v1/orgs/checked-limits/invitations/check', { token: read.body.token, body: { emails: ['a@b.test'] } });
    expect(refused.status).toBe(403);
    const many = Array.from({ length: 10_001 }, (_, i) => `p${i}@many.test`);
    const tooMany = await call(t, 'POST', '/api/v1/orgs/checked-limits/invitations/check', { token, body: { emails: many } });
    expect([tooMany.status, tooMany.body.code]).toEqual([413, 'batch_too_large']);
    const full = await call(t, 'POST', '/api/v1/orgs/checked-limits/invitations/check', { token, body: { emails: many.slice(0, 10_000) } });
    expect([full.status, full.body.notes]).toEqual([200, []]);
  });
});
