import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, bootstrapTokenId, call, signIn } from '../support/client.ts';
import { expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

interface ListedMember {
  id: string;
  email: string;
  name: string | null;
  status: string;
  badge: string | null;
  inviter: { name: string } | null;
  isLastAdmin: boolean;
  invitation: { lastSentAt: string } | null;
}

/** Every member the filter matches, read page by page with the opaque cursor (limit per page). */
async function readAll(slug: string, token: string, query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = '';
  for (let pages = 0; cursor !== null; pages++) {
    if (pages > 50) throw new Error('the cursor never ended');
    const res: { status: number; body: { items: ListedMember[]; nextCursor: string | null } } = await call(
      t, 'GET', `/api/v1/orgs/${slug}/members?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`, { token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items.map((m) => m.email));
    cursor = res.body.nextCursor;
  }
  return seen;
}

describe('searching the Users list', () => {
  test('q matches a name prefix or an email prefix, case-insensitively', async () => {
    const { apiToken } = await bootstrap(t, 'search-names');
    const people = [
      ['zed@search.test', 'Alice Martin'],
      ['ali@search.test', 'Bob Stone'],
      ['carol@search.test', 'Élodie Durand'],
      ['dan@search.test', null],
      ['erin@search.test', 'malice 100%'],
      // Matches "ali" by address and by name: listed once.
      ['alice@search.test', 'Alice Cooper'],
    ] as const;
    for (const [email, name] of people) {
      const res = await call(t, 'POST', '/api/v1/orgs/search-names/members', { token: apiToken, body: { email, role: 'member', ...(name ? { name } : {}) } });
      expect(res.status).toBe(201);
    }
    const search = async (q: string) => readAll('search-names', apiToken, `q=${encodeURIComponent(q)}`, 50);
    expect(await search('ALI')).toEqual(['ali@search.test', 'alice@search.test', 'zed@search.test']);
    expect(await search('alice m')).toEqual(['zed@search.test']);
    expect(await search('élo')).toEqual(['carol@search.test']);
    expect(await search('bob')).toEqual(['ali@search.test']);
    expect(await search('martin')).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('malice 100%')).toEqual(['erin@search.test']);
    expect(await readAll('search-names', apiToken, 'q=a', 1)).toEqual(['admin@search-names.test', 'ali@search.test', 'alice@search.test', 'zed@search.test']);
    // With another filter, one a page: each branch filters alike and the cursor carries across both.
    expect(await readAll('search-names', apiToken, 'q=a&role=member', 1)).toEqual(['ali@search.test', 'alice@search.test', 'zed@search.test']);
    expect(await readAll('search-names', apiToken, 'q=a&status=pending', 2)).toEqual(['ali@search.test', 'alice@search.test', 'zed@search.test']);
  });
});

describe('filtering the Users list by status and badge', () => {
  test('each status and each pending badge, paged one by one, gives exactly its members', async () => {
    const { apiToken } = await bootstrap(t, 'badge-filter');
    const slug = 'badge-filter';
    const invite = async (emails: string[], role = 'member') => {
      const res = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails, role } });
      return Object.fromEntries(res.body.results.map((r: { email: string; invitationId: string }) => [r.email, r.invitationId]));
    };
    const ids = await invite(['inv1@f.test', 'inv2@f.test', 'exp1@f.test', 'exp2@f.test', 'dec1@f.test', 'rev1@f.test', 'act1@f.test', 'off1@f.test']);
    await invite(['ginv@f.test'], 'guest');
    await expireInvitation(t, ids['exp1@f.test']);
    await expireInvitation(t, ids['exp2@f.test']);
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token: await latestInviteToken(t, 'dec1@f.test') } })).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/orgs/${slug}/invitations/${ids['rev1@f.test']}/revoke`, { token: apiToken, body: {} })).status).toBe(200);
    for (const email of ['act1@f.test', 'off1@f.test']) {
      const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, email), name: email, password: 'correct horse battery' } });
      expect(accepted.status).toBe(200);
    }
    const offId = (await call(t, 'GET', `/api/v1/orgs/${slug}/members?q=off1`, { token: apiToken })).body.items[0].id;
    expect((await call(t, 'PATCH', `/api/v1/orgs/${slug}/members/${offId}`, { token: apiToken, body: { status: 'deactivated' } })).status).toBe(200);
    await call(t, 'POST', `/api/v1/orgs/${slug}/members`, { token: apiToken, body: { email: 'new1@f.test', role: 'member' } });
    await call(t, 'POST', `/api/v1/orgs/${slug}/members`, { token: apiToken, body: { email: 'new2@f.test', role: 'guest' } });

    const expected: Record<string, string[]> = {
      active: ['act1@f.test', `admin@${slug}.test`],
      deactivated: ['off1@f.test'],
      pending: ['dec1@f.test', 'exp1@f.test', 'exp2@f.test', 'ginv@f.test', 'inv1@f.test', 'inv2@f.test', 'new1@f.test', 'new2@f.test', 'rev1@f.test'],
      invited: ['ginv@f.test', 'inv1@f.test', 'inv2@f.test'],
      not_invited: ['new1@f.test', 'new2@f.test', 'rev1@f.test'],
      expired: ['exp1@f.test', 'exp2@f.test'],
      declined: ['dec1@f.test'],
    };
    for (const [status, emails] of Object.entries(expected)) {
      expect(await readAll(slug, apiToken, `status=${status}`, 1), status).toEqual(emails);
      expect(await readAll(slug, apiToken, `status=${status}`, 2), status).toEqual(emails);
    }
    expect(await readAll(slug, apiToken, 'status=invited&role=guest', 1)).toEqual(['ginv@f.test']);
    expect(await readAll(slug, apiToken, 'status=not_invited&role=guest', 1)).toEqual(['new2@f.test']);
    expect(await readAll(slug, apiToken, 'status=expired&q=EXP2', 1)).toEqual(['exp2@f.test']);
    expect(await readAll(slug, apiToken, 'status=active&role=admin', 1)).toEqual([`admin@${slug}.test`]);
    const listed = (await call(t, 'GET', `/api/v1/orgs/${slug}/members?status=expired`, { token: apiToken })).body.items as ListedMember[];
    expect(listed.map((m) => m.badge)).toEqual(['expired', 'expired']);
    const unknown = await call(t, 'GET', `/api/v1/orgs/${slug}/members?status=accepted`, { token: apiToken });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'validation_failed']);
  });
});

describe('what each listed member carries', () => {
  test('the inviter by name (a person, an API token), resolved for the whole page', async () => {
    const { apiToken } = await bootstrap(t, 'inviters');
    const created = await call(t, 'POST', '/api/v1/orgs/inviters/api-tokens', { token: apiToken, body: { name: 'ci', scope: 'admin' } });
    await call(t, 'POST', '/api/v1/orgs/inviters/members', { token: created.body.token, body: { email: 'by-token@i.test', role: 'member' } });
    const admin = await signIn(t, 'admin@inviters.test');
    await call(t, 'PATCH', '/api/v1/orgs/inviters/members/' + (await call(t, 'GET', '/api/v1/orgs/inviters/members?q=admin@', { token: apiToken })).body.items[0].id, {
      token: apiToken, body: { name: 'Ada Admin' },
    });
    const bySession = await call(t, 'POST', '/api/v1/orgs/inviters/members', { session: admin, body: { email: 'by-person@i.test', role: 'member', sendInvite: true } });
    expect(bySession.status).toBe(201);
    const me = (await call(t, 'GET', '/api/v1/me', { session: admin })).body.account as { name: string; email: string };
    expect(bySession.body.inviter).toEqual({ name: me.name || me.email });
    const items = (await call(t, 'GET', '/api/v1/orgs/inviters/members', { token: apiToken })).body.items as ListedMember[];
    const by = Object.fromEntries(items.map((m) => [m.email, m]));
    expect(by['by-token@i.test']!.inviter).toEqual({ name: 'API token "ci"' });
    expect(by['by-person@i.test']!.inviter).toEqual({ name: me.name || me.email });
    expect(by['by-person@i.test']!.invitation?.lastSentAt).toEqual(expect.any(String));
  });

  test('an inviter since deleted, another organization\'s token, or a reference naming no one, is null in both lists; the system is Guestlist; the page still answers', async () => {
    const { apiToken } = await bootstrap(t, 'gone-inviters');
    const slug = 'gone-inviters';
    const other = await bootstrap(t, 'gone-inviters-other');
    await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: ['a@g.test', 'b@g.test', 'c@g.test', 'd@g.test', 'e@g.test', 'f@g.test', 'g@g.test'], role: 'member' } });
    const refs: Record<string, string> = {
      'f@g.test': `token:${await bootstrapTokenId(t, 'gone-inviters-other', other.apiToken)}`,
      // The organization's own token, its id written in capitals: still that token.
      'g@g.test': `token:${(await bootstrapTokenId(t, slug, apiToken)).toUpperCase()}`,
      'a@g.test': 'account:no-such-account',
      'b@g.test': 'token:00000000-0000-4000-8000-000000000000',
      'c@g.test': 'token:not-a-uuid-but-forty-two-characters-',
      'd@g.test': 'system:cli',
      'e@g.test': 'token:----0000000000000000000000000000000',
    };
    for (const [email, ref] of Object.entries(refs)) {
      await sql`update members set invited_by = ${ref} where email_normalized = ${email} and org_id = (select id from organizations where slug = ${slug})`.execute(t.database.db);
      await sql`update invitations set invited_by = ${ref} where email_normalized = ${email} and org_id = (select id from organizations where slug = ${slug})`.execute(t.database.db);
    }
    for (const list of ['members', 'invitations']) {
      const res = await call(t, 'GET', `/api/v1/orgs/${slug}/${list}`, { token: apiToken });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const inviters = Object.fromEntries(res.body.items.map((i: { email: string; inviter: unknown }) => [i.email, i.inviter]));
      expect(inviters).toMatchObject({
        'a@g.test': null, 'b@g.test': null, 'c@g.test': null, 'd@g.test': { name: 'Guestlist' }, 'e@g.test': null, 'f@g.test': null, 'g@g.test': { name: 'API token "bootstrap"' },
      });
      // Rows of different inviters keep the page's order: address order, or newest first.
      const items = res.body.items as { email: string; createdAt: string; id: string }[];
      const expected = list === 'members'
        ? [...items].sort((x, y) => (x.email < y.email ? -1 : 1))
        : [...items].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || (y.id < x.id ? -1 : 1));
      expect(items.map((i) => i.email)).toEqual(expected.map((i) => i.email));
    }
  });

  test('isLastAdmin marks the only active admin, and nobody once there are two', async () => {
    const { apiToken } = await bootstrap(t, 'last-admin');
    const slug = 'last-admin';
    await call(t, 'POST', `/api/v1/orgs/${slug}/members`, { token: apiToken, body: { email: 'pending-admin@l.test', role: 'admin' } });
    const flags = async () => Object.fromEntries(
      ((await call(t, 'GET', `/api/v1/orgs/${slug}/members`, { token: apiToken })).body.items as ListedMember[]).map((m) => [m.email, m.isLastAdmin]),
    );
    expect(await flags()).toEqual({ [`admin@${slug}.test`]: true, 'pending-admin@l.test': false });
    await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails: ['second@l.test'], role: 'admin' } });
    const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, 'second@l.test'), name: 'Second', password: 'correct horse battery' } });
    expect(accepted.status).toBe(200);
    expect(await flags()).toEqual({ [`admin@${slug}.test`]: false, 'pending-admin@l.test': false, 'second@l.test': false });
  });
});
