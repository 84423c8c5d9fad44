import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signUp, verifyEmail } from '../support/client.ts';
import { countRows, expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('inviting (R1–R6)', () => {
  test('a batch reports one outcome per distinct address and one bad address sinks nothing', async () => {
    const { apiToken } = await bootstrap(t, 'batch');
    const res = await call(t, 'POST', '/api/v1/orgs/batch/invitations', {
      token: apiToken,
      body: { emails: 'ada@example.test, grace@example.test\nADA@Example.TEST\nnot-an-address\n"quoted"@example.test', role: 'member' },
    });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ invited: 2, created: 0, already_invited: 0, failed: 2 });
    expect(res.body.results.map((r: any) => [r.email, r.outcome, r.code])).toEqual([
      ['ada@example.test', 'invited', undefined],
      ['grace@example.test', 'invited', undefined],
      ['not-an-address', 'failed', 'invalid_email'],
      ['"quoted"@example.test', 'failed', 'invalid_email'],
    ]);
    const again = await call(t, 'POST', '/api/v1/orgs/batch/invitations', { token: apiToken, body: { emails: ['Grace@EXAMPLE.test', 'alan@example.test'], role: 'admin' } });
    expect(again.body.results.map((r: any) => r.outcome)).toEqual(['already_invited', 'invited']);
    const grace = await t.database.db.selectFrom('members').select('role').where('emailNormalized', '=', 'grace@example.test').executeTakeFirstOrThrow();
    expect(grace.role).toBe('member');
    const list = await call(t, 'GET', '/api/v1/orgs/batch/invitations?status=pending', { token: apiToken });
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items[0]).not.toHaveProperty('tokenHash');
  });

  test('create only adds pending members; send to all pending then invites them (R2, R4)', async () => {
    const { apiToken, org } = await bootstrap(t, 'later');
    const created = await call(t, 'POST', '/api/v1/orgs/later/invitations', { token: apiToken, body: { emails: ['a@later.test', 'b@later.test'], role: 'guest', sendInvite: false } });
    expect(created.body.counts.created).toBe(2);
    expect(await countRows(t, 'invitations', org.id)).toBe(0);
    expect(await countRows(t, 'notifications', org.id)).toBe(0);
    const repeat = await call(t, 'POST', '/api/v1/orgs/later/invitations', { token: apiToken, body: { emails: ['a@later.test'], role: 'guest', sendInvite: false } });
    expect(repeat.body.results[0]).toMatchObject({ outcome: 'failed', code: 'member_exists' });
    const sent = await call(t, 'POST', '/api/v1/orgs/later/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ results: [], counts: { invited: 2, resent: 0, failed: 0 }, summarized: true });
    const memberB = created.body.results.find((r: any) => r.email === 'b@later.test').memberId;
    const resent = await call(t, 'POST', '/api/v1/orgs/later/invitations/send', { token: apiToken, body: { members: ['A@later.test', memberB, 'nobody@later.test', '00000000-0000-4000-8000-000000000000'] } });
    expect(resent.body.counts).toEqual({ invited: 0, resent: 2, failed: 2 });
    expect(resent.body.summarized).toBe(false);
    expect(resent.body.results.filter((r: any) => r.outcome === 'failed').map((r: any) => r.code)).toEqual(['member_not_found', 'member_not_found']);
    expect(await countRows(t, 'invitations', org.id)).toBe(2);
    expect(await countRows(t, 'notifications', org.id)).toBe(4);
  });

  test('while notifications are off, members are created but nothing is sent (R5)', async () => {
    const { apiToken, org } = await bootstrap(t, 'muted');
    const invited = await call(t, 'POST', '/api/v1/orgs/muted/invitations', { token: apiToken, body: { emails: ['x@muted.test'], role: 'member' } });
    const invitationId = invited.body.results[0].invitationId;
    await call(t, 'PATCH', '/api/v1/orgs/muted/settings', { token: apiToken, body: { notificationsEnabled: false } });
    const queued = await call(t, 'GET', '/api/v1/orgs/muted/notifications', { token: apiToken });
    expect(queued.body.items.map((n: any) => n.status)).toEqual(['suppressed']);
    await call(t, 'PATCH', '/api/v1/orgs/muted/settings', { token: apiToken, body: { notificationsEnabled: true } });
    await call(t, 'PATCH', '/api/v1/orgs/muted/settings', { token: apiToken, body: { notificationsEnabled: false } });
    expect((await call(t, 'GET', '/api/v1/orgs/muted/notifications?status=queued', { token: apiToken })).body.items).toEqual([]);
    const before = await countRows(t, 'notifications', org.id);
    const res = await call(t, 'POST', '/api/v1/orgs/muted/invitations', { token: apiToken, body: { emails: ['y@muted.test'], role: 'member' } });
    expect(res.body.results[0]).toMatchObject({ outcome: 'created', code: 'notifications_disabled' });
    const send = await call(t, 'POST', '/api/v1/orgs/muted/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    expect(send.status).toBe(409);
    expect(send.body.code).toBe('notifications_disabled');
    const resend = await call(t, 'POST', `/api/v1/orgs/muted/invitations/${invitationId}/resend`, { token: apiToken });
    expect(resend.body.code).toBe('notifications_disabled');
    expect(await countRows(t, 'notifications', org.id)).toBe(before);
    expect(await countRows(t, 'invitations', org.id)).toBe(1);
  });
});

describe('teams before sign-in [S0]', () => {
  test('invited people join the named teams in the same call; an unknown team changes nothing', async () => {
    const { apiToken, org } = await bootstrap(t, 'teams-invite');
    const team = await call(t, 'POST', '/api/v1/orgs/teams-invite/teams', { token: apiToken, body: { name: 'Platform' } });
    const res = await call(t, 'POST', '/api/v1/orgs/teams-invite/invitations', { token: apiToken, body: { emails: ['t1@teams.test', 't2@teams.test'], role: 'member', teams: [team.body.id] } });
    expect(res.body.counts.invited).toBe(2);
    const list = await call(t, 'GET', '/api/v1/orgs/teams-invite/members?q=t', { token: apiToken });
    expect(list.body.items.map((m: any) => m.teams.map((x: any) => x.name))).toEqual([['Platform'], ['Platform']]);
    const before = await countRows(t, 'members', org.id);
    const bad = await call(t, 'POST', '/api/v1/orgs/teams-invite/invitations', { token: apiToken, body: { emails: ['t3@teams.test'], role: 'member', teams: ['00000000-0000-4000-8000-000000000000'] } });
    expect([bad.status, bad.body.code]).toEqual([404, 'team_not_found']);
    expect(await countRows(t, 'members', org.id)).toBe(before);
  });
});

describe('resend, revoke and expiry (§1.3)', () => {
  test('resend issues a new token and the old one stops working', async () => {
    const { apiToken } = await bootstrap(t, 'resend');
    const inv = await call(t, 'POST', '/api/v1/orgs/resend/invitations', { token: apiToken, body: { emails: ['r@resend.test'], role: 'member', name: 'Rosa' } });
    const id = inv.body.results[0].invitationId;
    const oldToken = await latestInviteToken(t, 'r@resend.test');
    const resent = await call(t, 'POST', `/api/v1/orgs/resend/invitations/${id}/resend`, { token: apiToken });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ status: 'pending', sentCount: 2 });
    const read = await call(t, 'GET', `/api/v1/orgs/resend/invitations/${id}`, { token: apiToken });
    expect(read.body).toMatchObject({ id, email: 'r@resend.test', status: 'pending', sentCount: 2 });
    const newToken = await latestInviteToken(t, 'r@resend.test');
    expect(newToken).not.toBe(oldToken);
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: oldToken } })).body.code).toBe('invitation_superseded');
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: newToken } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ email: 'r@resend.test', role: 'member', organization: { slug: 'resend' }, inviter: { name: 'An administrator of RESEND' } });
  });

  test("the lifetime is the organization's invitationTtlDays, counted from each send", async () => {
    const { apiToken } = await bootstrap(t, 'lifetime');
    await call(t, 'PATCH', '/api/v1/orgs/lifetime/settings', { token: apiToken, body: { invitationTtlDays: 14 } });
    const DAY = 86_400_000;
    const before = Date.now();
    const inv = await call(t, 'POST', '/api/v1/orgs/lifetime/invitations', { token: apiToken, body: { emails: ['l@lifetime.test'], role: 'member' } });
    const id = inv.body.results[0].invitationId;
    const first = Date.parse((await call(t, 'GET', `/api/v1/orgs/lifetime/invitations/${id}`, { token: apiToken })).body.expiresAt);
    expect(first).toBeGreaterThanOrEqual(before + 14 * DAY);
    expect(first).toBeLessThanOrEqual(Date.now() + 14 * DAY);
    await expireInvitation(t, id);
    await call(t, 'PATCH', '/api/v1/orgs/lifetime/settings', { token: apiToken, body: { invitationTtlDays: 1 } });
    const resent = await call(t, 'POST', `/api/v1/orgs/lifetime/invitations/${id}/resend`, { token: apiToken });
    const again = Date.parse(resent.body.expiresAt);
    expect(again).toBeGreaterThan(Date.now() + DAY - 60_000);
    expect(again).toBeLessThanOrEqual(Date.now() + DAY);
  });

  test('an expired invitation reads as expired everywhere and can be resent', async () => {
    const { apiToken } = await bootstrap(t, 'expiry');
    const inv = await call(t, 'POST', '/api/v1/orgs/expiry/invitations', { token: apiToken, body: { emails: ['e@expiry.test'], role: 'member' } });
    const id = inv.body.results[0].invitationId;
    const token = await latestInviteToken(t, 'e@expiry.test');
    await expireInvitation(t, id);
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token } });
    expect(preview.status).toBe(410);
    expect(preview.body.code).toBe('invitation_expired');
    const expired = await call(t, 'GET', '/api/v1/orgs/expiry/invitations?status=expired', { token: apiToken });
    expect(expired.body.items.map((i: any) => i.id)).toEqual([id]);
    const again = await call(t, 'POST', '/api/v1/orgs/expiry/invitations', { token: apiToken, body: { emails: ['e@expiry.test'], role: 'member' } });
    expect(again.body.results[0].outcome).toBe('invited');
    const resendOld = await call(t, 'POST', `/api/v1/orgs/expiry/invitations/${id}/resend`, { token: apiToken });
    expect(resendOld.body.code).toBe('already_invited');
  });

  test('revoke ends the token; removeMember also removes the person', async () => {
    const { apiToken, org } = await bootstrap(t, 'revoke');
    const inv = await call(t, 'POST', '/api/v1/orgs/revoke/invitations', { token: apiToken, body: { emails: ['keep@revoke.test', 'typo@revoke.test'], role: 'member' } });
    const [keep, typo] = inv.body.results;
    const keepToken = await latestInviteToken(t, 'keep@revoke.test');
    const revoked = await call(t, 'POST', `/api/v1/orgs/revoke/invitations/${keep.invitationId}/revoke`, { token: apiToken });
    expect(revoked.body.status).toBe('revoked');
    expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token: keepToken, name: 'K', password: 'long enough pw' } })).body.code).toBe('invitation_revoked');
    const twice = await call(t, 'POST', `/api/v1/orgs/revoke/invitations/${keep.invitationId}/revoke`, { token: apiToken });
    expect(twice.body.code).toBe('invitation_not_revocable');
    await call(t, 'POST', `/api/v1/orgs/revoke/invitations/${typo.invitationId}/revoke`, { token: apiToken, body: { removeMember: true } });
    const members = await t.database.db.selectFrom('members').select(['email', 'status']).where('orgId', '=', org.id).where('role', '=', 'member').execute();
    expect(members).toEqual([{ email: 'keep@revoke.test', status: 'pending' }]);
  });
});

describe('accept and decline (R7–R11)', () => {
  test('a new person accepts with a name and password and lands signed in', async () => {
    const { apiToken, org } = await bootstrap(t, 'newbie');
    await call(t, 'POST', '/api/v1/orgs/newbie/invitations', { token: apiToken, body: { emails: ['Nora@Newbie.test'], role: 'admin' } });
    const token = await latestInviteToken(t, 'Nora@Newbie.test');
    const missing = await call(t, 'POST', '/api/v1/invite/accept', { body: { token } });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('name');
    const res = await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Nora', password: 'a good password' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organization: { id: org.id, slug: 'newbie' }, signedIn: true });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = await t.app.request('http://localhost:3000/api/v1/me', { headers: { cookie } });
    const body = (await me.json()) as any;
    expect(body.organizations).toEqual([expect.objectContaining({ slug: 'newbie', role: 'admin' })]);
    const account = await t.database.db.selectFrom('auth_user').select(['emailVerified', 'name']).where('id', '=', body.account.id).executeTakeFirstOrThrow();
    expect(account).toEqual({ emailVerified: true, name: 'Nora' });
    const reuse = await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Nora', password: 'a good password' } });
    expect(reuse.status).toBe(410);
    expect(reuse.body.code).toBe('invitation_accepted');
    const again = await call(t, 'POST', '/api/v1/orgs/newbie/invitations', { token: apiToken, body: { emails: ['nora@newbie.test'], role: 'member' } });
    expect(again.body.results[0]).toMatchObject({ outcome: 'failed', code: 'already_member' });
  });

  test('an existing account must be signed in as the invited address (R9)', async () => {
    const { apiToken, org } = await bootstrap(t, 'existing');
    const owner = await signUp(t, 'owner@existing.test', 'Owner');
    const stranger = await signUp(t, 'stranger@existing.test', 'Stranger');
    await call(t, 'POST', '/api/v1/orgs/existing/invitations', { token: apiToken, body: { emails: ['OWNER@existing.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'OWNER@existing.test');
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token } })).body.accountExists).toBe(true);
    const anonymous = await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'X', password: 'password123' } });
    expect(anonymous.body.code).toBe('account_exists');
    const wrong = await call(t, 'POST', '/api/v1/invite/accept', { session: stranger, body: { token } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('invitation_email_mismatch');
    const right = await call(t, 'POST', '/api/v1/invite/accept', { session: owner, body: { token } });
    expect(right.status).toBe(200);
    const member = await t.database.db.selectFrom('members').select(['status', 'accountId', 'joinedAt']).where('orgId', '=', org.id).where('emailNormalized', '=', 'owner@existing.test').executeTakeFirstOrThrow();
    expect(member).toMatchObject({ status: 'active', accountId: owner.accountId });
  });

  test('the bell lists my pending invitations; I accept one and decline another (R10)', async () => {
    const one = await bootstrap(t, 'bell-one');
    const two = await bootstrap(t, 'bell-two');
    const me = await signUp(t, 'belle@bell.test', 'Belle');
    await call(t, 'POST', '/api/v1/orgs/bell-one/invitations', { token: one.apiToken, body: { emails: ['belle@bell.test'], role: 'member' } });
    await call(t, 'POST', '/api/v1/orgs/bell-two/invitations', { token: two.apiToken, body: { emails: ['Belle@Bell.test'], role: 'guest' } });
    expect((await call(t, 'GET', '/api/v1/me/invitations', { session: me })).body).toEqual({ count: 0, items: [], emailVerified: false });
    await verifyEmail(t, 'belle@bell.test');
    const bell = await call(t, 'GET', '/api/v1/me/invitations', { session: me });
    expect(bell.body.count).toBe(2);
    const byOrg = Object.fromEntries(bell.body.items.map((i: any) => [i.organization.slug, i.id]));
    expect((await call(t, 'POST', `/api/v1/me/invitations/${byOrg['bell-one']}/accept`, { session: me })).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/me/invitations/${byOrg['bell-two']}/decline`, { session: me })).body.status).toBe('declined');
    expect((await call(t, 'GET', '/api/v1/me/invitations', { session: me })).body.count).toBe(0);
    const declined = await call(t, 'GET', '/api/v1/orgs/bell-two/invitations?status=declined', { token: two.apiToken });
    expect(declined.body.items).toHaveLength(1);
    const other = await signUp(t, 'other@bell.test');
    await verifyEmail(t, 'other@bell.test');
    expect((await call(t, 'POST', `/api/v1/me/invitations/${byOrg['bell-one']}/accept`, { session: other })).status).toBe(404);
  });

  test('an unverified account cannot take an invitation from the bell, even for its own address', async () => {
    const { apiToken } = await bootstrap(t, 'squat');
    const invited = await call(t, 'POST', '/api/v1/orgs/squat/invitations', { token: apiToken, body: { emails: ['boss@squat.test'], role: 'admin' } });
    const squatter = await signUp(t, 'boss@squat.test', 'Not The Boss');
    const id = invited.body.results[0].invitationId;
    for (const action of ['accept', 'decline']) {
      const res = await call(t, 'POST', `/api/v1/me/invitations/${id}/${action}`, { session: squatter });
      expect([res.status, res.body.code]).toEqual([403, 'email_not_verified']);
    }
    const still = await call(t, 'GET', `/api/v1/orgs/squat/invitations/${id}`, { token: apiToken });
    expect(still.body.status).toBe('pending');
  });

  test('accepting through the link proves the address of a signed-in, unverified account', async () => {
    const { apiToken } = await bootstrap(t, 'prove');
    const person = await signUp(t, 'pat@prove.test', 'Pat');
    await call(t, 'POST', '/api/v1/orgs/prove/invitations', { token: apiToken, body: { emails: ['pat@prove.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'pat@prove.test');
    expect((await call(t, 'POST', '/api/v1/invite/accept', { session: person, body: { token } })).status).toBe(200);
    const account = await t.database.db.selectFrom('auth_user').select('emailVerified').where('id', '=', person.accountId).executeTakeFirstOrThrow();
    expect(account.emailVerified).toBe(true);
  });

  test('opening the link (page or preview) changes nothing (R7)', async () => {
    const { apiToken, org } = await bootstrap(t, 'look');
    await call(t, 'POST', '/api/v1/orgs/look/invitations', { token: apiToken, body: { emails: ['look@look.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'look@look.test');
    const counts = () => Promise.all((['members', 'invitations', 'notifications', 'audit_events'] as const).map((table) => countRows(t, table, org.id)));
    const before = await counts();
    const page = await t.app.request(`http://localhost:3000/invite/${token}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token } })).status).toBe(200);
    expect(await counts()).toEqual(before);
    const row = await t.database.db.selectFrom('invitations').select(['status', 'sentCount']).where('orgId', '=', org.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', sentCount: 1 });
  });

  test('decline by link ends the invitation; unknown tokens answer 404', async () => {
    const { apiToken } = await bootstrap(t, 'decline');
    await call(t, 'POST', '/api/v1/orgs/decline/invitations', { token: apiToken, body: { emails: ['d@decline.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'd@decline.test');
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token } })).status).toBe(200);
    const after = await call(t, 'POST', '/api/v1/invite/preview', { body: { token } });
    expect([after.status, after.body.code]).toEqual([410, 'invitation_declined']);
    const unknown = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: 'gli_unknown' } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'invitation_not_found']);
  });
});

describe('authorization', () => {
  test('only admins of the organization manage invitations', async () => {
    const one = await bootstrap(t, 'authz-one');
    const two = await bootstrap(t, 'authz-two');
    const inv = await call(t, 'POST', '/api/v1/orgs/authz-one/invitations', { token: one.apiToken, body: { emails: ['p@authz.test'], role: 'member' } });
    const id = inv.body.results[0].invitationId;
    expect((await call(t, 'POST', '/api/v1/orgs/authz-one/invitations', { body: { emails: ['q@authz.test'], role: 'member' } })).status).toBe(401);
    expect((await call(t, 'POST', `/api/v1/orgs/authz-one/invitations/${id}/revoke`, { token: two.apiToken })).status).toBe(404);
    expect((await call(t, 'POST', `/api/v1/orgs/authz-two/invitations/${id}/revoke`, { token: two.apiToken })).body.code).toBe('invitation_not_found');
    const member = await signUp(t, 'plain@authz.test');
    await call(t, 'POST', '/api/v1/orgs/authz-one/invitations', { token: one.apiToken, body: { emails: ['plain@authz.test'], role: 'member' } });
    const token = await latestInviteToken(t, 'plain@authz.test');
    await call(t, 'POST', '/api/v1/invite/accept', { session: member, body: { token } });
    const denied = await call(t, 'POST', '/api/v1/orgs/authz-one/invitations', { session: member, body: { emails: ['z@authz.test'], role: 'member' } });
    expect([denied.status, denied.body.code]).toEqual([403, 'forbidden']);
    expect((await call(t, 'GET', '/api/v1/orgs/authz-one/invitations', { session: member })).status).toBe(200);
  });
});
