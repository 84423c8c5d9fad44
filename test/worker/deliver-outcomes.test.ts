import { expect, test } from 'vitest';
import { deliver, type DeliveryContext } from '../../src/worker/deliver.ts';
import type { ClaimedMessage } from '../../src/storage/delivery.ts';
import type { EmailTransport } from '../../src/worker/transports/email.ts';

const message: ClaimedMessage = {
  table: 'notifications', id: '6f1c1d8e-0000-4000-8000-000000000001', orgId: '6f1c1d8e-0000-4000-8000-000000000002',
  channel: 'email', kind: 'member.removed', recipient: 'someone@example.test', payload: {}, attempts: 2, createdAt: new Date(),
};

function context(org: DeliveryContext['org'], sent: string[]): DeliveryContext {
  const transport = { send: async (m: { to: string }) => { sent.push(m.to); } } as unknown as EmailTransport;
  return {
    transport, from: 'Guestlist <noreply@example.test>', messageIdDomain: 'example.test', org, link: async () => undefined, maxAttempts: 5,
    startBy: Date.now() + 60_000, stopping: () => false, now: () => Date.now(), outbound: {} as DeliveryContext['outbound'],
  };
}

test("a message whose organization cannot be read because the database is unreachable, or has no connection free, keeps its attempt: released untried", async () => {
  for (const error of [
    Object.assign(new Error('The database left a statement unanswered for 60000 ms; its connection was closed.'), { code: '08006' }),
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  ]) {
    const sent: string[] = [];
    const settled = await deliver(message, context(async () => { throw error; }, sent));
    expect(settled).toMatchObject({ outcome: 'released', id: message.id });
    expect(sent).toEqual([]);
  }
});

test('any other failure reading it is still a failed attempt, retried later', async () => {
  const sent: string[] = [];
  const settled = await deliver(message, context(async () => { throw new TypeError('x is undefined'); }, sent));
  expect(settled).toMatchObject({ outcome: 'retry', error: expect.stringContaining('x is undefined') });
  expect(sent).toEqual([]);
});

// An invitation email's link is read just before its send (R7: the email holds a working link), after
// the mute (R5: nothing is sent while muted, whatever the link).
const invitationEmail: ClaimedMessage = {
  ...message, kind: 'invitation', recipient: 'invitee@example.test',
  payload: { invitationId: '6f1c1d8e-0000-4000-8000-000000000003', acceptUrl: 'https://x.test/invite/gli_token' },
};

test('an invitation email whose link cannot be read because the database is unreachable is released untried', async () => {
  const sent: string[] = [];
  const ctx = { ...context(async () => ({ enabled: true, slackWebhookUrl: null }), sent), link: async () => { throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }); } };
  expect(await deliver(invitationEmail, ctx)).toMatchObject({ outcome: 'released' });
  expect(sent).toEqual([]);
});

test('a muted organization suppresses an invitation email before its link is read', async () => {
  const sent: string[] = [];
  let linkReads = 0;
  const ctx = { ...context(async () => ({ enabled: false, slackWebhookUrl: null }), sent), link: async () => { linkReads++; throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }); } };
  expect(await deliver(invitationEmail, ctx)).toMatchObject({ outcome: 'suppressed', reason: 'notifications are disabled for the organization' });
  expect(linkReads).toBe(0);
  expect(sent).toEqual([]);
});

test('an invitation email whose invitation is no longer pending is suppressed, not sent', async () => {
  const sent: string[] = [];
  const ctx = { ...context(async () => ({ enabled: true, slackWebhookUrl: null }), sent), link: async () => ({ live: false, tokenHashHex: '' }) };
  expect(await deliver(invitationEmail, ctx)).toMatchObject({ outcome: 'suppressed', reason: 'the invitation is no longer pending' });
  expect(sent).toEqual([]);
});
