import { bootstrapOrganization } from '../../src/domain/organizations/bootstrap.ts';
import type { TestApp } from './app.ts';
import { call } from './client.ts';
import { expireInvitation, latestInviteToken } from './invitations.ts';
import { deliverAll } from './worker.ts';

export interface SampleOrg {
  slug: string;
  adminEmail: string;
  password: string;
  apiToken: string;
}

/**
 * An organization with people in every state, for screenshots and journeys: members who joined,
 * pending invitations, one declined, one cancelled, one expired, one added without an invitation,
 * a guest, teams, apps and tokens. Everything goes through the real API and worker.
 */
export async function seedSampleOrg(t: TestApp, slug = 'acme'): Promise<SampleOrg> {
  const password = 'correct horse battery';
  const adminEmail = `ada@${slug}.test`;
  const boot = await bootstrapOrganization(t.database.db, { orgSlug: slug, orgName: 'Acme Inc', adminEmail, adminPassword: password });
  const token = boot.apiToken;
  const api = (method: string, path: string, body?: unknown) => call(t, method, `/api/v1/orgs/${slug}${path}`, { token, body });
  await api('PATCH', '/settings', { name: 'Acme Inc' });
  const team = (await api('POST', '/teams', { name: 'Platform' })).body;
  await api('POST', '/teams', { name: 'Design' });
  const app = (await api('POST', '/apps', { name: 'Wiki' })).body;
  await api('POST', '/api-tokens', { name: 'CI pipeline', scope: 'read' });

  const invited = await api('POST', '/invitations', {
    emails: ['grace@acme.test', 'alan@acme.test', 'linus@acme.test', 'margaret@acme.test', 'ken@acme.test', 'barbara@acme.test', 'edsger@acme.test'],
    role: 'member',
    teams: [team.id],
  });
  const idOf = (email: string) => (invited.body.results as { email: string; invitationId: string }[]).find((r) => r.email === email)!.invitationId;
  await api('POST', '/invitations', { emails: ['guest@partner.test'], role: 'guest', name: 'Pat Partner', apps: [{ appId: app.id, appRole: 'read' }] });
  await api('POST', '/members', { email: 'dennis@acme.test', name: 'Dennis Ritchie', role: 'member', sendInvite: false });
  await deliverAll(t);
  for (const [email, name] of [['grace@acme.test', 'Grace Hopper'], ['alan@acme.test', 'Alan Turing']] as const) {
    await call(t, 'POST', '/api/v1/invite/accept', { body: { token: await latestInviteToken(t, email), name, password } });
  }
  await call(t, 'POST', '/api/v1/invite/decline', { body: { token: await latestInviteToken(t, 'linus@acme.test') } });
  await api('POST', `/invitations/${idOf('margaret@acme.test')}/revoke`, {});
  await expireInvitation(t, idOf('ken@acme.test'));
  await deliverAll(t);
  return { slug, adminEmail, password, apiToken: token };
}
