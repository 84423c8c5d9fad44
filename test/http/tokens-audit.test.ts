import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

/** Follows nextCursor to the end, returning every item's id. */
async function allPages(path: string, token: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await call(t, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}&cursor=${cursor}`, { token });
    expect(page.status).toBe(200);
    ids.push(...page.body.items.map((i) => i.id));
    cursor = page.body.nextCursor;
  }
  return ids;
}

describe('API tokens', () => {
  test('the secret is shown once, never listed; a revoked token answers 401', async () => {
    const { apiToken } = await bootstrap(t, 'tokens');
    const created = await call(t, 'POST', '/api/v1/orgs/tokens/api-tokens', { token: apiToken, body: { name: 'CI', scope: 'admin' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CI', scope: 'admin', revokedAt: null, lastUsedAt: null, createdBy: expect.stringMatching(/^token:/) });
    const secret = created.body.token as string;
    expect(secret).toMatch(/^glt_[A-Za-z0-9_-]{43}$/);
    expect((await call(t, 'GET', '/api/v1/orgs/tokens/members', { token: secret })).status).toBe(200);

    const list = await call(t, 'GET', '/api/v1/orgs/tokens/api-tokens', { token: apiToken });
    expect(list.body.items.map((x: { name: string }) => x.name)).toEqual(['CI', 'bootstrap']);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(apiToken);
    expect(list.body.items[0]).not.toHaveProperty('token');
    expect(list.body.items[0]).not.toHaveProperty('tokenHash');
    expect(list.body.items[0].lastUsedAt).toEqual(expect.any(String));

    expect((await call(t, 'DELETE', `/api/v1/orgs/tokens/api-tokens/${created.body.id}`, { token: apiToken })).status).toBe(204);
    const refused = await call(t, 'GET', '/api/v1/orgs/tokens/members', { token: secret });
    expect([refused.status, refused.body.code]).toEqual([401, 'unauthenticated']);
    const after = await call(t, 'GET', '/api/v1/orgs/tokens/api-tokens', { token: apiToken });
    expect(after.body.items[0]).toMatchObject({ id: created.body.id, revokedAt: expect.any(String) });
    expect((await call(t, 'DELETE', `/api/v1/orgs/tokens/api-tokens/${created.body.id}`, { token: apiToken })).status).toBe(204);
  });

  test('tokens are managed by admins only, within their organization', async () => {
    const { apiToken } = await bootstrap(t, 'token-rules');
    const other = await bootstrap(t, 'token-other');
    const read = await call(t, 'POST', '/api/v1/orgs/token-rules/api-tokens', { token: apiToken, body: { name: 'reader', scope: 'read' } });
    for (const [method, path, body] of [
      ['GET', '/api/v1/orgs/token-rules/api-tokens', undefined],
      ['POST', '/api/v1/orgs/token-rules/api-tokens', { name: 'x', scope: 'admin' }],
      ['DELETE', `/api/v1/orgs/token-rules/api-tokens/${read.body.id}`, undefined],
      ['POST', '/api/v1/orgs/token-rules/apps', { name: 'x' }],
    ] as const) {
      const res = await call(t, method, path, { token: read.body.token, body });
      expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    }
    const foreign = await call(t, 'DELETE', `/api/v1/orgs/token-other/api-tokens/${read.body.id}`, { token: other.apiToken });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'token_not_found']);
    const bad = await call(t, 'POST', '/api/v1/orgs/token-rules/api-tokens', { token: apiToken, body: { name: 'x', scope: 'root', orgId: other.org.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/scope.*orgId|orgId.*scope/s);
    const scim = await call(t, 'POST', '/api/v1/orgs/token-rules/api-tokens', { token: apiToken, body: { name: 'idp', scope: 'scim' } });
    expect((await call(t, 'GET', '/api/v1/orgs/token-rules/members', { token: scim.body.token })).status).toBe(404);
    const admin = await signIn(t, 'admin@token-rules.test');
    expect((await call(t, 'GET', '/api/v1/orgs/token-rules/api-tokens', { session: admin })).body.items).toHaveLength(3);
  });
});

describe('audit events', () => {
  test('every change is recorded, newest first, paged without gaps and filtered by action', async () => {
    const { apiToken } = await bootstrap(t, 'audited');
    const added = await call(t, 'POST', '/api/v1/orgs/audited/members', { token: apiToken, body: { email: 'a@audited.test', role: 'member' } });
    await call(t, 'PATCH', `/api/v1/orgs/audited/members/${added.body.id}`, { token: apiToken, body: { role: 'guest' } });
    await call(t, 'POST', '/api/v1/orgs/audited/teams', { token: apiToken, body: { name: 'T' } });
    const token = await call(t, 'POST', '/api/v1/orgs/audited/api-tokens', { token: apiToken, body: { name: 'x', scope: 'read' } });
    await call(t, 'DELETE', `/api/v1/orgs/audited/api-tokens/${token.body.id}`, { token: apiToken });
    await call(t, 'DELETE', `/api/v1/orgs/audited/members/${added.body.id}`, { token: apiToken });

    const all = await call(t, 'GET', '/api/v1/orgs/audited/audit-events', { token: apiToken });
    const actions = all.body.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 7)).toEqual(['member.removed', 'api_token.revoked', 'api_token.created', 'team.created', 'member.updated', 'member.created', 'api_token.created']);
    expect(actions.slice(7).sort()).toEqual(['member.joined', 'organization.created']);
    expect(all.body.items[4]).toMatchObject({ target: `member:${added.body.id}`, data: { role: { from: 'member', to: 'guest' } }, actor: expect.stringMatching(/^token:/) });
    expect(JSON.stringify(all.body)).not.toContain(token.body.token);
    expect(await allPages('/api/v1/orgs/audited/audit-events', apiToken, 2)).toEqual(all.body.items.map((e: { id: string }) => e.id));
    const filtered = await call(t, 'GET', '/api/v1/orgs/audited/audit-events?action=api_token.created', { token: apiToken });
    expect(filtered.body.items).toHaveLength(2);
    expect((await call(t, 'GET', '/api/v1/orgs/audited/audit-events?cursor=abc', { token: apiToken })).status).toBe(400);
  });

  test('someone who declines through the link without an account is named by address as the invitee (issue 7 item 7)', async () => {
    const { apiToken } = await bootstrap(t, 'audit-invitee');
    await call(t, 'POST', '/api/v1/orgs/audit-invitee/invitations', { token: apiToken, body: { emails: ['lin@audit-invitee.test'], role: 'member' } });
    await call(t, 'POST', '/api/v1/invite/decline', { body: { token: await latestInviteToken(t, 'lin@audit-invitee.test') } });
    const all = await call(t, 'GET', '/api/v1/orgs/audit-invitee/audit-events?action=invitation.declined', { token: apiToken });
    expect(all.body.items).toMatchObject([{ actor: 'invitee:lin@audit-invitee.test', actorName: 'lin@audit-invitee.test (invitee)' }]);
  });

  test('each event names its actor readably; the log filters by actor, and lists the actions and actors to filter by (issue 7 item 7)', async () => {
    const { apiToken } = await bootstrap(t, 'audit-actors', 'ada@audit-actors.test');
    await t.database.db.updateTable('auth_user').set({ name: 'Ada Lovelace' }).where('email', '=', 'ada@audit-actors.test').execute();
    const session = await signIn(t, 'ada@audit-actors.test');
    await call(t, 'POST', '/api/v1/orgs/audit-actors/teams', { session, body: { name: 'By Ada' } });
    await call(t, 'POST', '/api/v1/orgs/audit-actors/teams', { token: apiToken, body: { name: 'By token' } });
    await call(t, 'POST', '/api/v1/orgs/audit-actors/apps', { session, body: { name: 'Wiki' } });

    const all = await call(t, 'GET', '/api/v1/orgs/audit-actors/audit-events', { token: apiToken });
    const byAction = Object.fromEntries(all.body.items.map((e: { action: string; target: string; actorName: string }) => [`${e.action} ${e.target.split(':')[0]}`, e.actorName]));
    expect(byAction).toMatchObject({ 'app.created app': 'Ada Lovelace', 'organization.created organization': 'Guestlist (setup)', 'api_token.created api_token': 'Guestlist (setup)' });
    const teams = all.body.items.filter((e: { action: string }) => e.action === 'team.created').map((e: { actorName: string }) => e.actorName);
    expect(teams).toEqual(['API token "bootstrap"', 'Ada Lovelace']);
    const targetNames = Object.fromEntries(all.body.items.map((e: { action: string; targetName: string | null }) => [e.action, e.targetName]));
    expect(targetNames).toMatchObject({ 'app.created': 'Wiki', 'member.joined': expect.stringContaining('ada@audit-actors.test'), 'api_token.created': 'bootstrap', 'organization.created': null });

    const adaRef = `account:${session.accountId}`;
    const mine = await call(t, 'GET', `/api/v1/orgs/audit-actors/audit-events?actor=${encodeURIComponent(adaRef)}`, { token: apiToken });
    expect(mine.body.items.map((e: { action: string }) => e.action)).toEqual(['app.created', 'team.created']);
    const both = await call(t, 'GET', `/api/v1/orgs/audit-actors/audit-events?actor=${encodeURIComponent(adaRef)}&action=team.created&limit=1`, { token: apiToken });
    expect(both.body).toMatchObject({ items: [{ action: 'team.created', data: { name: 'By Ada' } }], nextCursor: null });

    const filters = await call(t, 'GET', '/api/v1/orgs/audit-actors/audit-events/filters', { token: apiToken });
    expect(filters.status).toBe(200);
    expect(filters.body.actions).toEqual(['api_token.created', 'app.created', 'member.joined', 'organization.created', 'team.created']);
    expect(filters.body.actors).toEqual([
      { ref: adaRef, name: 'Ada Lovelace' },
      { ref: expect.stringMatching(/^token:/), name: 'API token "bootstrap"' },
      { ref: 'system:bootstrap', name: 'Guestlist (setup)' },
    ]);
    expect(filters.body.moreActors).toBe(false);

    const tokens = await call(t, 'GET', '/api/v1/orgs/audit-actors/api-tokens', { session });
    expect(tokens.body.items[0]).toMatchObject({ createdBy: 'system:bootstrap', createdByName: 'Guestlist (setup)' });
    const created = await call(t, 'POST', '/api/v1/orgs/audit-actors/api-tokens', { session, body: { name: 'CI', scope: 'read' } });
    expect(created.body).toMatchObject({ createdBy: adaRef, createdByName: 'Ada Lovelace' });
  });

  test('only admins read the audit log', async () => {
    const { apiToken } = await bootstrap(t, 'audit-readers');
    const read = await call(t, 'POST', '/api/v1/orgs/audit-readers/api-tokens', { token: apiToken, body: { name: 'r', scope: 'read' } });
    expect((await call(t, 'GET', '/api/v1/orgs/audit-readers/audit-events', { token: read.body.token })).status).toBe(403);
    expect((await call(t, 'GET', '/api/v1/orgs/audit-readers/audit-events/filters', { token: read.body.token })).status).toBe(403);
    expect((await call(t, 'GET', '/api/v1/orgs/audit-readers/notifications', { token: read.body.token })).status).toBe(403);
  });
});

describe('notifications', () => {
  test('admins see what was queued, never the payload with its invitation link', async () => {
    const { apiToken } = await bootstrap(t, 'outbox');
    await call(t, 'POST', '/api/v1/orgs/outbox/invitations', { token: apiToken, body: { emails: ['a@outbox.test', 'b@outbox.test', 'c@outbox.test'], role: 'member' } });
    const list = await call(t, 'GET', '/api/v1/orgs/outbox/notifications', { token: apiToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items[0]).toEqual({
      id: expect.any(String), channel: 'email', kind: 'invitation', recipient: expect.stringMatching(/@outbox\.test$/), status: 'queued',
      attempts: 0, lastError: null, createdAt: expect.any(String), sentAt: null, invitationId: expect.any(String),
    });
    const text = JSON.stringify(list.body);
    expect(text).not.toContain('/invite/');
    expect(text).not.toContain('gli_');
    expect(await allPages('/api/v1/orgs/outbox/notifications', apiToken, 2)).toEqual(list.body.items.map((n: { id: string }) => n.id));
    expect((await call(t, 'GET', '/api/v1/orgs/outbox/notifications?status=sent', { token: apiToken })).body.items).toEqual([]);
    expect((await call(t, 'GET', '/api/v1/orgs/outbox/notifications?status=queued&limit=1', { token: apiToken })).body.nextCursor).toEqual(expect.any(String));
    expect((await call(t, 'GET', '/api/v1/orgs/outbox/notifications?status=bogus', { token: apiToken })).status).toBe(400);
  });
});
