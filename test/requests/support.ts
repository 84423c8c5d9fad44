import type { ParsedMail } from 'mailparser';
import { smtpTransport } from '../../src/worker/transports/smtp.ts';
import { drain, runSweeps } from '../../src/worker/worker.ts';
import type { TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import type { TestSmtpServer } from '../support/smtp.ts';
import { testWorker } from '../support/worker.ts';

/** Delivers what is due through SMTP to the test peer; returns the emails that arrived. */
export async function deliver(t: TestApp, smtp: TestSmtpServer): Promise<ParsedMail[]> {
  const before = smtp.received.length;
  const transport = smtpTransport(smtp.url, { timeoutMs: 2000 });
  try {
    await drain(testWorker(t, transport));
  } finally {
    await transport.close();
  }
  return smtp.received.slice(before);
}

/** Runs the worker's sweeps (expiry, the admins' digest), then delivers. */
export async function sweepAndDeliver(t: TestApp, smtp: TestSmtpServer): Promise<ParsedMail[]> {
  await runSweeps(testWorker(t));
  return deliver(t, smtp);
}

export const recipient = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '').toLowerCase();

/** The confirmation token in a confirmation email. */
export function confirmToken(mail: ParsedMail): string {
  const match = /\/request\/confirm#token=(glr_[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!match) throw new Error(`no confirmation link in: ${mail.text}`);
  return match[1]!;
}

/** An organization that takes invitation requests. */
export async function requestableOrg(t: TestApp, slug: string, settings: Record<string, unknown> = {}) {
  const boot = await bootstrap(t, slug);
  const res = await call(t, 'PATCH', `/api/v1/orgs/${slug}/settings`, { token: boot.apiToken, body: { invitationRequestsEnabled: true, ...settings } });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
  return boot;
}

export function ask(t: TestApp, slug: string, body: Record<string, unknown>) {
  return call(t, 'POST', `/api/v1/orgs/${slug}/invitation-requests`, { body });
}
