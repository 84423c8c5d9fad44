import type { TestApp } from './app.ts';
import { call } from './client.ts';
import { latestRequestToken } from './invitations.ts';

export interface RequestForm {
  email: string;
  name: string;
  message?: string;
}

/**
 * Files an invitation request through the public API and confirms it with the token queued for the
 * address, as the sign-in page and the emailed link would: admins then see it (open, or stale when
 * the address is an active member). The organization must take requests and have notifications on.
 */
export async function confirmedRequest(t: TestApp, org: string, form: RequestForm): Promise<void> {
  const asked = await call(t, 'POST', `/api/v1/orgs/${org}/invitation-requests`, { body: form });
  if (asked.status !== 202) throw new Error(`request: ${asked.status} ${JSON.stringify(asked.body)}`);
  const confirmed = await call(t, 'POST', '/api/v1/invitation-requests/confirm', { body: { token: await latestRequestToken(t, form.email) } });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
}
