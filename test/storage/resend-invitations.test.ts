import { afterAll, beforeAll, expect, test } from 'vitest';
import { resendInvitations } from '../../src/domain/invitations/issue.ts';
import { readOrganization } from '../../src/domain/organizations/organization.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { countRows } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

test('resendInvitations answers only the invitations it resent', async () => {
  const { apiToken, org } = await bootstrap(t, 'resend-some');
  const invited = await call(t, 'POST', '/api/v1/orgs/resend-some/invitations', { token: apiToken, body: { emails: ['a@resend.test', 'b@resend.test'], role: 'member' } });
  const [a, b] = invited.body.results as { invitationId: string; memberId: string }[];
  // b's invitation is gone (as if deleted with its member) by the time the resend writes.
  await t.database.db.deleteFrom('invitations').where('id', '=', b!.invitationId).execute();
  const target = (r: { invitationId: string; memberId: string }, email: string) => ({ ...r, email, emailNormalized: email, name: null, role: 'member' as const });
  const ctx = { org: await readOrganization(t.database.db, org.id), actor: { kind: 'system', name: 'test' } as const, publicUrl: t.config.publicUrl, invitationsPerDay: null };

  const resent = await t.database.db.transaction().execute((trx) => resendInvitations(trx, ctx, [target(a!, 'a@resend.test'), target(b!, 'b@resend.test')]));

  expect(resent).toEqual([{ invitationId: a!.invitationId, memberId: a!.memberId }]);
  expect(await countRows(t, 'notifications', org.id)).toBe(3);
});
