import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, type CallOptions } from '../support/client.ts';
import { countRows, expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
// Slack is a local address here (never reached in these tests), so the operator allows it.
beforeAll(async () => { t = await createTestApp({ OUTBOUND_ALLOW_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: 'true' }); });
afterAll(async () => { await t.close(); });

const PASSWORD = 'a good password';

/** Invites one address and returns its outcome (invitationId and memberId when it was invited). */
async function inviteOne(slug: string, auth: CallOptions, email: string, extra: Record<string, unknown> = {}) {
  const res = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { ...auth, body: { emails: [email], role: 'member', ...extra } });
  expect(res.status).toBe(200);
  return res.body.results[0] as { email: string; outcome: string; code?: string; memberId?: string; invitationId?: string };
}

/** A new person accepts through the link in their newest invitation email. */
async function acceptAsNewPerson(email: string, name = 'New Person') {
  const token = await latestInviteToken(t, email);
  return call(t, 'POST', '/api/v1/invite/accept', { body: { token, name, password: PASSWORD } });
}

async function notificationsOf(slug: string, token: string) {
  const res = await call(t, 'GET', `/api/v1/orgs/${slug}/notifications?limit=200`, { token });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; channel: string; kind: string; recipient: string; status: string }[];
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('invitation list pagination', () => {
  test('keyset pages of 2, 2 and 1, newest first, with no repeats and a null cursor at the end', async () => {
    const { apiToken } = await bootstrap(t, 'rules-pages');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await inviteOne('rules-pages', { token: apiToken }, `p${i}@pages.test`)).invitationId!);

    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await call(t, 'GET', `/api/v1/orgs/rules-pages/invitations${query}`, { token: apiToken });
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 10);

    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    const items = pages.flatMap((p) => p.items);
    const ids = items.map((i: any) => i.id);
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual([...created].sort());
    // Newest first: created_at descending, ties broken by id descending.
    for (let i = 1; i < items.length; i++) {
      const [prev, cur] = [items[i - 1], items[i]];
      const order = Date.parse(prev.createdAt) - Date.parse(cur.createdAt);
      expect(order > 0 || (order === 0 && prev.id > cur.id)).toBe(true);
    }
    // The invitation created last is the first one listed, unless two share a millisecond.
    if (new Set(items.map((i: any) => i.createdAt)).size === 5) expect(ids).toEqual([...created].reverse());
  });

  test('a page holding exactly the remaining rows has no next cursor', async () => {
    const { apiToken } = await bootstrap(t, 'rules-exact');
    for (let i = 0; i < 4; i++) await inviteOne('rules-exact', { token: apiToken }, `e${i}@exact.test`);
    const all = await call(t, 'GET', '/api/v1/orgs/rules-exact/invitations?limit=4', { token: apiToken });
    expect(all.body.items).toHaveLength(4);
    expect(all.body.nextCursor).toBeNull();
    const first = await call(t, 'GET', '/api/v1/orgs/rules-exact/invitations?limit=2', { token: apiToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(t, 'GET', `/api/v1/orgs/rules-exact/invitations?limit=2&cursor=${first.body.nextCursor}`, { token: apiToken });
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.items.map((i: any) => i.id)).toEqual(all.body.items.slice(2).map((i: any) => i.id));
  });

  test.each([
    ['a time that is not a time', 'rules-cur-time', cursorOf(['garbage', '0b1f3a4c-5d6e-4f70-8a9b-0c1d2e3f4a5b'])],
    ['an id that is not an id', 'rules-cur-id', cursorOf(['2024-01-01T00:00:00Z', 'nope'])],
    ['plain garbage', 'rules-cur-garbage', 'not!a~cursor'],
    ['valid base64 of something else', 'rules-cur-object', cursorOf({ createdAt: '2024-01-01T00:00:00Z' })],
  ])('a malformed cursor (%s) answers 400 validation_failed', async (_label, slug, cursor) => {
    const { apiToken } = await bootstrap(t, slug);
    await inviteOne(slug, { token: apiToken }, `c@${slug}.test`);
    const res = await call(t, 'GET', `/api/v1/orgs/${slug}/invitations?cursor=${encodeURIComponent(cursor)}`, { token: apiToken });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
  });
});

describe('resend and revoke by status (§1.3)', () => {
  test('resend of a revoked or accepted invitation is refused with invitation_not_resendable', async () => {
    const { apiToken } = await bootstrap(t, 'rules-noresend');
    const auth = { token: apiToken };
    const revoked = await inviteOne('rules-noresend', auth, 'rev@noresend.test');
    expect((await call(t, 'POST', `/api/v1/orgs/rules-noresend/invitations/${revoked.invitationId}/revoke`, auth)).status).toBe(200);
    const accepted = await inviteOne('rules-noresend', auth, 'acc@noresend.test');
    expect((await acceptAsNewPerson('acc@noresend.test')).status).toBe(200);
    for (const [id, status] of [[revoked.invitationId, 'revoked'], [accepted.invitationId, 'accepted']] as const) {
      const before = await call(t, 'GET', `/api/v1/orgs/rules-noresend/invitations/${id}`, auth);
      const res = await call(t, 'POST', `/api/v1/orgs/rules-noresend/invitations/${id}/resend`, auth);
      expect([res.status, res.body.code]).toEqual([409, 'invitation_not_resendable']);
      const after = await call(t, 'GET', `/api/v1/orgs/rules-noresend/invitations/${id}`, auth);
      expect(after.body).toEqual(before.body);
      expect(after.body.status).toBe(status);
    }
  });

  test('resend of an expired invitation makes it pending again with a new working token', async () => {
    const { apiToken } = await bootstrap(t, 'rules-reexp');
    const auth = { token: apiToken };
    const inv = await inviteOne('rules-reexp', auth, 'late@reexp.test');
    const oldToken = await latestInviteToken(t, 'late@reexp.test');
    await expireInvitation(t, inv.invitationId!);
    expect((await call(t, 'GET', `/api/v1/orgs/rules-reexp/invitations/${inv.invitationId}`, auth)).body.status).toBe('expired');
    const res = await call(t, 'POST', `/api/v1/orgs/rules-reexp/invitations/${inv.invitationId}/resend`, auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: inv.invitationId, status: 'pending', sentCount: 2 });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    const newToken = await latestInviteToken(t, 'late@reexp.test');
    expect(newToken).not.toBe(oldToken);
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: newToken } });
    expect(preview.status).toBe(200);
    expect(preview.body.invitationId).toBe(inv.invitationId);
    const old = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: oldToken } });
    expect([old.status, old.body.code]).toEqual([410, 'invitation_superseded']);
  });

  test('revoke of an expired invitation succeeds; revoke of an accepted one is refused', async () => {
    const { apiToken } = await bootstrap(t, 'rules-revoke');
    const auth = { token: apiToken };
    const expired = await inviteOne('rules-revoke', auth, 'old@revoke.test');
    const expiredToken = await latestInviteToken(t, 'old@revoke.test');
    await expireInvitation(t, expired.invitationId!);
    const revoked = await call(t, 'POST', `/api/v1/orgs/rules-revoke/invitations/${expired.invitationId}/revoke`, auth);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: expired.invitationId, status: 'revoked' });
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: expiredToken } });
    expect([preview.status, preview.body.code]).toEqual([410, 'invitation_revoked']);

    const accepted = await inviteOne('rules-revoke', auth, 'joined@revoke.test');
    expect((await acceptAsNewPerson('joined@revoke.test')).status).toBe(200);
    const refused = await call(t, 'POST', `/api/v1/orgs/rules-revoke/invitations/${accepted.invitationId}/revoke`, auth);
    expect([refused.status, refused.body.code]).toEqual([409, 'invitation_not_revocable']);
    expect((await call(t, 'GET', `/api/v1/orgs/rules-revoke/invitations/${accepted.invitationId}`, auth)).body.status).toBe('accepted');
  });
});

describe('who can be invited (R3, R4)', () => {
  test('inviting or sending to a deactivated member fails with member_deactivated', async () => {
    const { apiToken, org } = await bootstrap(t, 'rules-deact');
    const auth = { token: apiToken };
    const inv = await inviteOne('rules-deact', auth, 'gone@deact.test');
    expect((await acceptAsNewPerson('gone@deact.test')).status).toBe(200);
    const patched = await call(t, 'PATCH', `/api/v1/orgs/rules-deact/members/${inv.memberId}`, { ...auth, body: { status: 'deactivated' } });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('deactivated');
    const invitationsBefore = await countRows(t, 'invitations', org.id);
    const notificationsBefore = await countRows(t, 'notifications', org.id);

    const again = await inviteOne('rules-deact', auth, 'Gone@Deact.test');
    expect(again).toMatchObject({ outcome: 'failed', code: 'member_deactivated', memberId: inv.memberId });
    const send = await call(t, 'POST', '/api/v1/orgs/rules-deact/invitations/send', { ...auth, body: { members: [inv.memberId] } });
    expect(send.status).toBe(200);
    expect(send.body.counts).toEqual({ invited: 0, resent: 0, failed: 1 });
    expect(send.body.results[0]).toMatchObject({ outcome: 'failed', code: 'member_deactivated', memberId: inv.memberId });
    const byEmail = await call(t, 'POST', '/api/v1/orgs/rules-deact/invitations/send', { ...auth, body: { members: ['gone@deact.test'] } });
    expect(byEmail.body.results[0]).toMatchObject({ outcome: 'failed', code: 'member_deactivated' });

    expect(await countRows(t, 'invitations', org.id)).toBe(invitationsBefore);
    expect(await countRows(t, 'notifications', org.id)).toBe(notificationsBefore);
  });

  test('an address with a live pending invitation reports already_invited, with sendInvite false or notifications off (R3)', async () => {
    const { apiToken, org } = await bootstrap(t, 'rules-r3');
    const auth = { token: apiToken };
    const first = await inviteOne('rules-r3', auth, 'twice@r3.test');
    expect(first.outcome).toBe('invited');
    const invitations = await countRows(t, 'invitations', org.id);
    const notifications = await countRows(t, 'notifications', org.id);

    const createOnly = await inviteOne('rules-r3', auth, 'TWICE@r3.test', { sendInvite: false });
    expect(createOnly).toMatchObject({ outcome: 'already_invited', memberId: first.memberId });

    expect((await call(t, 'PATCH', '/api/v1/orgs/rules-r3/settings', { ...auth, body: { notificationsEnabled: false } })).status).toBe(200);
    const muted = await inviteOne('rules-r3', auth, 'twice@r3.test');
    expect(muted).toMatchObject({ outcome: 'already_invited', memberId: first.memberId });
    const mutedCreateOnly = await inviteOne('rules-r3', auth, 'twice@R3.TEST', { sendInvite: false });
    expect(mutedCreateOnly.outcome).toBe('already_invited');

    expect(await countRows(t, 'invitations', org.id)).toBe(invitations);
    expect(await countRows(t, 'notifications', org.id)).toBe(notifications);
    const read = await call(t, 'GET', `/api/v1/orgs/rules-r3/invitations/${first.invitationId}`, auth);
    expect(read.body).toMatchObject({ status: 'pending', sentCount: 1 });
  });

  test('switching notifications back on queues nothing by itself; an explicit send then does (R2, R5)', async () => {
    const { apiToken, org } = await bootstrap(t, 'rules-switch');
    const auth = { token: apiToken };
    expect((await call(t, 'PATCH', '/api/v1/orgs/rules-switch/settings', { ...auth, body: { notificationsEnabled: false } })).status).toBe(200);
    const added = await call(t, 'POST', '/api/v1/orgs/rules-switch/invitations', { ...auth, body: { emails: ['a@switch.test', 'b@switch.test'], role: 'member' } });
    expect(added.body.results.map((r: any) => [r.outcome, r.code])).toEqual([['created', 'notifications_disabled'], ['created', 'notifications_disabled']]);
    const notifications = await countRows(t, 'notifications', org.id);
    expect(await countRows(t, 'invitations', org.id)).toBe(0);

    const on = await call(t, 'PATCH', '/api/v1/orgs/rules-switch/settings', { ...auth, body: { notificationsEnabled: true } });
    expect(on.status).toBe(200);
    expect(on.body.settings.notificationsEnabled).toBe(true);
    expect(await countRows(t, 'notifications', org.id)).toBe(notifications);
    expect(await countRows(t, 'invitations', org.id)).toBe(0);
    const members = await call(t, 'GET', '/api/v1/orgs/rules-switch/members?status=pending', auth);
    expect(members.body.items.map((m: any) => m.badge)).toEqual(['not_invited', 'not_invited']);

    const sent = await call(t, 'POST', '/api/v1/orgs/rules-switch/invitations/send', { ...auth, body: { scope: 'pending' } });
    expect(sent.status).toBe(200);
    expect(sent.body.counts).toEqual({ invited: 2, resent: 0, failed: 0 });
    expect(await countRows(t, 'notifications', org.id)).toBe(notifications + 2);
    const queued = (await notificationsOf('rules-switch', apiToken)).filter((n) => n.kind === 'invitation');
    expect(queued.map((n) => n.recipient).sort()).toEqual(['a@switch.test', 'b@switch.test']);
  });
});

describe('accept and decline notices', () => {
  test('the inviting person and Slack are told of an accept or a decline; nothing while notifications are off', async () => {
    const { apiToken } = await bootstrap(t, 'rules-notice');
    const admin = await signIn(t, 'admin@rules-notice.test');
    const bySession = { session: admin };

    await inviteOne('rules-notice', bySession, 'yes@notice.test');
    expect((await acceptAsNewPerson('yes@notice.test')).status).toBe(200);
    let notes = await notificationsOf('rules-notice', apiToken);
    expect(notes.filter((n) => n.kind === 'invitation_accepted').map((n) => [n.channel, n.recipient])).toEqual([['email', 'admin@rules-notice.test']]);
    for (const n of notes) {
      expect(n).not.toHaveProperty('payload');
      expect(Object.keys(n).sort()).toEqual(['attempts', 'channel', 'createdAt', 'id', 'invitationId', 'kind', 'lastError', 'recipient', 'sentAt', 'status']);
    }

    const slack = await call(t, 'PATCH', '/api/v1/orgs/rules-notice/settings', { token: apiToken, body: { slackWebhookUrl: 'http://127.0.0.1:9/services/T0/B0/abc' } });
    expect(slack.status).toBe(200);
    await inviteOne('rules-notice', bySession, 'also@notice.test');
    await inviteOne('rules-notice', bySession, 'no@notice.test');
    expect((await acceptAsNewPerson('also@notice.test')).status).toBe(200);
    const declineToken = await latestInviteToken(t, 'no@notice.test');
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token: declineToken } })).status).toBe(200);
    notes = await notificationsOf('rules-notice', apiToken);
    const answers = notes.filter((n) => n.kind === 'invitation_accepted' || n.kind === 'invitation_declined').map((n) => `${n.kind} ${n.channel} ${n.recipient}`);
    expect(answers.sort()).toEqual([
      'invitation_accepted email admin@rules-notice.test',
      'invitation_accepted email admin@rules-notice.test',
      'invitation_accepted slack slack',
      'invitation_declined email admin@rules-notice.test',
      'invitation_declined slack slack',
    ]);
    const raw = await call(t, 'GET', '/api/v1/orgs/rules-notice/notifications?limit=200', { token: apiToken });
    expect(JSON.stringify(raw.body)).not.toMatch(/gli_|acceptUrl|payload/);

    await inviteOne('rules-notice', bySession, 'quiet@notice.test');
    await inviteOne('rules-notice', bySession, 'hush@notice.test');
    const quietToken = await latestInviteToken(t, 'quiet@notice.test');
    const hushToken = await latestInviteToken(t, 'hush@notice.test');
    expect((await call(t, 'PATCH', '/api/v1/orgs/rules-notice/settings', { token: apiToken, body: { notificationsEnabled: false } })).status).toBe(200);
    const before = (await notificationsOf('rules-notice', apiToken)).length;
    expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token: quietToken, name: 'Quiet', password: PASSWORD } })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token: hushToken } })).status).toBe(200);
    const after = await notificationsOf('rules-notice', apiToken);
    expect(after).toHaveLength(before);
  });

  test('an invitation sent by an API token tells Slack only (no person to email)', async () => {
    const { apiToken } = await bootstrap(t, 'rules-notice-token');
    await call(t, 'PATCH', '/api/v1/orgs/rules-notice-token/settings', { token: apiToken, body: { slackWebhookUrl: 'http://127.0.0.1:9/services/T1/B1/def' } });
    await inviteOne('rules-notice-token', { token: apiToken }, 'tok@notice.test');
    expect((await acceptAsNewPerson('tok@notice.test')).status).toBe(200);
    const notes = await notificationsOf('rules-notice-token', apiToken);
    expect(notes.filter((n) => n.kind === 'invitation_accepted').map((n) => n.channel)).toEqual(['slack']);
  });
});

describe('guests and app access', () => {
  test('a guest invited with apps shows that access; re-invited as member they lose it', async () => {
    const { apiToken } = await bootstrap(t, 'rules-guest');
    const auth = { token: apiToken };
    const app = await call(t, 'POST', '/api/v1/orgs/rules-guest/apps', { ...auth, body: { name: 'Billing' } });
    expect(app.status).toBe(201);
    const appId = app.body.id;

    const guest = await inviteOne('rules-guest', auth, 'Gina@Guest.test', { role: 'guest', apps: [{ appId, appRole: 'write' }] });
    expect(guest.outcome).toBe('invited');
    const listed = await call(t, 'GET', `/api/v1/orgs/rules-guest/members?q=${encodeURIComponent('gina@guest.test')}`, auth);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ id: guest.memberId, role: 'guest', status: 'pending', badge: 'invited' });
    expect(listed.body.items[0].apps).toEqual([{ appId, appRole: 'write', name: 'Billing' }]);

    const later = await inviteOne('rules-guest', auth, 'later@guest.test', { role: 'guest', apps: [{ appId, appRole: 'read' }], sendInvite: false });
    expect(later.outcome).toBe('created');
    const before = await call(t, 'GET', '/api/v1/orgs/rules-guest/members?q=later@guest.test', auth);
    expect(before.body.items[0]).toMatchObject({ role: 'guest', badge: 'not_invited', apps: [{ appId, appRole: 'read', name: 'Billing' }] });

    const reinvited = await inviteOne('rules-guest', auth, 'later@guest.test', { role: 'member' });
    expect(reinvited).toMatchObject({ outcome: 'invited', memberId: later.memberId });
    const after = await call(t, 'GET', '/api/v1/orgs/rules-guest/members?q=later@guest.test', auth);
    expect(after.body.items[0]).toMatchObject({ id: later.memberId, role: 'member', badge: 'invited', apps: [] });
    const invitation = await call(t, 'GET', `/api/v1/orgs/rules-guest/invitations/${reinvited.invitationId}`, auth);
    expect(invitation.body.role).toBe('member');
  });
});

describe('audit', () => {
  test('resend, revoke, accept and decline are audited, and no audit event holds a token', async () => {
    const { apiToken } = await bootstrap(t, 'rules-audit');
    const auth = { token: apiToken };
    const resent = await inviteOne('rules-audit', auth, 'resent@audit.test');
    const revoked = await inviteOne('rules-audit', auth, 'revoked@audit.test');
    const accepted = await inviteOne('rules-audit', auth, 'accepted@audit.test');
    const declined = await inviteOne('rules-audit', auth, 'declined@audit.test');
    expect((await call(t, 'POST', `/api/v1/orgs/rules-audit/invitations/${resent.invitationId}/resend`, auth)).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/orgs/rules-audit/invitations/${revoked.invitationId}/revoke`, auth)).status).toBe(200);
    expect((await acceptAsNewPerson('accepted@audit.test')).status).toBe(200);
    const declineToken = await latestInviteToken(t, 'declined@audit.test');
    expect((await call(t, 'POST', '/api/v1/invite/decline', { body: { token: declineToken } })).status).toBe(200);

    const res = await call(t, 'GET', '/api/v1/orgs/rules-audit/audit-events?limit=200', auth);
    expect(res.status).toBe(200);
    const events = res.body.items as { action: string; target: string; data: unknown; actor: string }[];
    const find = (action: string, id: string | undefined) => events.filter((e) => e.action === action && e.target === `invitation:${id}`);
    expect(find('invitation.resent', resent.invitationId)).toHaveLength(1);
    expect(find('invitation.revoked', revoked.invitationId)).toHaveLength(1);
    expect(find('invitation.accepted', accepted.invitationId)).toHaveLength(1);
    expect(find('invitation.declined', declined.invitationId)).toHaveLength(1);
    expect(find('invitation.accepted', accepted.invitationId)[0]!.actor).toMatch(/^account:/);
    expect(JSON.stringify(events)).not.toMatch(/gli_|glt_/);
    const tokens = await Promise.all(['resent', 'revoked', 'accepted', 'declined'].map((n) => latestInviteToken(t, `${n}@audit.test`)));
    for (const token of tokens) expect(JSON.stringify(events)).not.toContain(token.slice(4));
  });
});

describe('internationalized addresses (§4.1)', () => {
  test('an IDN address is kept as typed, accepted as a new person, and signs in by its punycode form', async () => {
    const { apiToken } = await bootstrap(t, 'rules-idn');
    const auth = { token: apiToken };
    const inv = await inviteOne('rules-idn', auth, 'Jurgen@Bücher.example');
    expect(inv).toMatchObject({ outcome: 'invited', email: 'Jurgen@Bücher.example' });
    const read = await call(t, 'GET', `/api/v1/orgs/rules-idn/invitations/${inv.invitationId}`, auth);
    expect(read.body.email).toBe('Jurgen@Bücher.example');
    const again = await inviteOne('rules-idn', auth, 'jurgen@xn--bcher-kva.example');
    expect(again).toMatchObject({ outcome: 'already_invited', memberId: inv.memberId });
    // Only the domain may be internationalized: a non-ASCII local part fails alone, clearly.
    const local = await inviteOne('rules-idn', auth, 'Jürgen@Bücher.example');
    expect(local).toMatchObject({ outcome: 'failed', code: 'invalid_email', email: 'Jürgen@Bücher.example' });

    const token = await latestInviteToken(t, 'Jurgen@Bücher.example');
    const accepted = await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Jürgen', password: PASSWORD } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ organization: { slug: 'rules-idn' }, memberId: inv.memberId, signedIn: true });
    const session = await signIn(t, 'jurgen@xn--bcher-kva.example', PASSWORD);
    expect(session.accountId).toBe(accepted.body.accountId);
    const me = await call(t, 'GET', '/api/v1/me', { session });
    expect(me.body.organizations).toEqual([expect.objectContaining({ slug: 'rules-idn' })]);
  });
});
