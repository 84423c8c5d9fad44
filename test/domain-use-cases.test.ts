import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OrgAccess } from '../src/domain/actor.ts';
import { declineThroughLink, declineInvitation } from '../src/domain/invitations/decline.ts';
import { getInvitationByToken } from '../src/domain/invitations/find-by-token.ts';
import { getInvitation, listInvitations } from '../src/domain/invitations/list-invitations.ts';
import { acceptMyInvitation, getMyInvitation } from '../src/domain/me/answer-my-invitation.ts';
import { listMyInvitations } from '../src/domain/me/my-invitations.ts';
import { listMyOrganizations } from '../src/domain/me/my-organizations.ts';
import { readOrganization } from '../src/domain/organizations/organization.ts';
import { visibleSettings } from '../src/domain/organizations/visible-settings.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { bootstrap, call } from './support/client.ts';
import { latestInviteToken } from './support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const system = { kind: 'system', name: 'test' } as const;

async function inviteOne(slug: string, email: string) {
  const boot = await bootstrap(t, slug);
  const inv = await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: boot.apiToken, body: { emails: [email], role: 'member' } });
  return { ...boot, invitationId: inv.body.results[0].invitationId as string, token: await latestInviteToken(t, email) };
}

// The rules every transport (REST today, GraphQL and SCIM next) calls, exercised without HTTP.
describe('domain use cases shared by every transport', () => {
  test('invitation reads: members and admins only, ids of other organizations unknown, cursors checked', async () => {
    const a = await inviteOne('uc-reads-a', 'x@uc-reads.test');
    const b = await bootstrap(t, 'uc-reads-b');
    const admin: OrgAccess = { orgId: a.org.id, actor: system, role: 'admin' };
    const guest: OrgAccess = { ...admin, role: 'guest' };
    await expect(listInvitations(t.database.db, guest, { limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getInvitation(t.database.db, guest, a.invitationId)).rejects.toMatchObject({ code: 'forbidden' });
    const otherOrg: OrgAccess = { orgId: b.org.id, actor: system, role: 'admin' };
    await expect(getInvitation(t.database.db, otherOrg, a.invitationId)).rejects.toMatchObject({ code: 'invitation_not_found' });
    await expect(getInvitation(t.database.db, admin, 'not-an-id')).rejects.toMatchObject({ code: 'invitation_not_found' });
    expect((await getInvitation(t.database.db, admin, a.invitationId)).email).toBe('x@uc-reads.test');
    const page = await listInvitations(t.database.db, admin, { limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual([a.invitationId]);
    expect(page.next).toBeUndefined();
    await expect(listInvitations(t.database.db, admin, { limit: 10, after: { createdAt: 'yesterday', id: a.invitationId } })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  test('the bell: only invitations addressed to the verified address are listed or answered', async () => {
    const a = await inviteOne('uc-bell', 'bell@uc-bell.test');
    const unverified = { accountId: 'nobody', email: 'bell@uc-bell.test', emailVerified: false, name: 'Bell' };
    expect(await listMyInvitations(t.database.db, unverified)).toEqual({ items: [], emailVerified: false });
    await expect(getMyInvitation(t.database.db, unverified, a.invitationId)).rejects.toMatchObject({ code: 'email_not_verified' });
    const someoneElse = { ...unverified, email: 'other@uc-bell.test', emailVerified: true };
    await expect(getMyInvitation(t.database.db, someoneElse, a.invitationId)).rejects.toMatchObject({ code: 'invitation_not_found' });
    const mine = await listMyInvitations(t.database.db, { email: 'Bell@UC-Bell.test', emailVerified: true });
    expect(mine.items).toMatchObject([{ id: a.invitationId, organization: { slug: 'uc-bell' }, inviter: { name: 'An administrator of UC-BELL' } }]);
    // Sent by a person, the bell names that person (their name, else their address).
    await sql`update invitations set invited_by = ${`account:${a.admin.accountId}`} where id = ${a.invitationId}`.execute(t.database.db);
    const person = (await sql<{ name: string; email: string }>`select name, email from auth_user where id = ${a.admin.accountId}`.execute(t.database.db)).rows[0]!;
    expect((await listMyInvitations(t.database.db, { email: 'bell@uc-bell.test', emailVerified: true })).items)
      .toMatchObject([{ id: a.invitationId, inviter: { name: person.name || person.email } }]);
    await expect(acceptMyInvitation(t.database.db, someoneElse, a.invitationId)).rejects.toMatchObject({ code: 'invitation_not_found' });
  });

  test("GET /me's organizations: active memberships only, with the role", async () => {
    const a = await bootstrap(t, 'uc-me');
    expect(await listMyOrganizations(t.database.db, { accountId: a.admin.accountId })).toEqual([{ id: a.org.id, slug: 'uc-me', name: 'UC-ME', role: 'admin' }]);
    expect(await listMyOrganizations(t.database.db, { accountId: 'no-such-account' })).toEqual([]);
  });

  test('the Slack URL is visible to admins only', async () => {
    const a = await bootstrap(t, 'uc-settings');
    // Stored directly: saving through the API resolves the host, and tests reach only loopback.
    await t.database.db.updateTable('organizations').set({ slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X' }).where('id', '=', a.org.id).execute();
    const org = await readOrganization(t.database.db, a.org.id);
    expect(visibleSettings(org, 'admin').slackWebhookUrl).toBe('https://hooks.slack.com/services/T/B/X');
    expect(visibleSettings(org, 'member').slackWebhookUrl).toBeNull();
  });

  // Issue 6, item 16: a link read just before a resend and used just after it.
  test('a link looked up before a resend and used after it is told a newer invitation was sent', async () => {
    const a = await inviteOne('uc-race', 'race@uc-race.test');
    const linked = await getInvitationByToken(t.database.db, a.token);
    expect((await call(t, 'POST', `/api/v1/orgs/uc-race/invitations/${a.invitationId}/resend`, { token: a.apiToken })).status).toBe(200);
    await expect(declineInvitation(t.database.db, linked, 'invitee:race@uc-race.test', linked.linkHash)).rejects.toMatchObject({ code: 'invitation_superseded' });
    await expect(declineThroughLink(t.database.db, a.token, undefined)).rejects.toMatchObject({ code: 'invitation_superseded' });
    expect((await getInvitation(t.database.db, { orgId: a.org.id, actor: system, role: 'admin' }, a.invitationId)).status).toBe('pending');
  });
});
