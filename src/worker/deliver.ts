import type { ClaimedMessage, Settled } from '../storage/delivery.ts';
import { backoffMs, DeliveryError } from './delivery-error.ts';
import { renderEmail, renderSlack, TemplateError } from './templates/render.ts';
import type { EmailTransport } from './transports/email.ts';
import { postToSlack } from './transports/slack.ts';

export interface DeliveryContext {
  transport: EmailTransport;
  from: string;
  /** The right-hand side of Message-IDs (the public host). */
  messageIdDomain: string;
  /** The organizations' switch and Slack URL as of this batch. */
  orgs: ReadonlyMap<string, { enabled: boolean; slackWebhookUrl: string | null }>;
  maxAttempts: number;
  now: () => number;
}

/** Stable per notification: a retried or duplicated send carries the same Message-ID. */
export function messageIdFor(id: string, domain: string): string {
  return `<${id}@${domain}>`;
}

async function send(message: ClaimedMessage, ctx: DeliveryContext): Promise<Settled> {
  if (message.orgId !== null && message.channel !== 'webhook') {
    const org = ctx.orgs.get(message.orgId);
    if (!org?.enabled) return { id: message.id, outcome: 'suppressed', reason: 'notifications are disabled for the organization' };
  }
  if (message.channel === 'email') {
    const rendered = await renderEmail(message.kind, message.payload);
    await ctx.transport.send({
      ...rendered,
      messageId: messageIdFor(message.id, ctx.messageIdDomain),
      orgId: message.orgId,
      notificationId: message.id,
      from: ctx.from,
      to: message.recipient,
    });
    return { id: message.id, outcome: 'sent' };
  }
  if (message.channel === 'slack') {
    const url = message.orgId ? ctx.orgs.get(message.orgId)?.slackWebhookUrl : null;
    if (!url) return { id: message.id, outcome: 'failed', error: 'no Slack webhook URL is configured for the organization' };
    await postToSlack(url, (await renderSlack(message.kind, message.payload)).text);
    return { id: message.id, outcome: 'sent' };
  }
  return { id: message.id, outcome: 'failed', error: 'webhook delivery is not available yet' };
}

/**
 * Delivers one leased message and says what became of it: sent; suppressed (the organization is
 * muted now, checked again just before sending); failed for good (a permanent refusal, a template
 * that throws, or the last allowed attempt); or to retry later with backoff (or the peer's wait).
 */
export async function deliver(message: ClaimedMessage, ctx: DeliveryContext): Promise<Settled> {
  try {
    return await send(message, ctx);
  } catch (err) {
    if (err instanceof TemplateError) return { id: message.id, outcome: 'failed', error: `template: ${err.message}` };
    const failure = err instanceof DeliveryError ? err : new DeliveryError(`unexpected: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500), true);
    if (!failure.temporary) return { id: message.id, outcome: 'failed', error: failure.message };
    if (message.attempts >= ctx.maxAttempts) return { id: message.id, outcome: 'failed', error: `gave up after ${message.attempts} attempts: ${failure.message}` };
    const wait = failure.retryAfterMs ?? backoffMs(message.attempts);
    return { id: message.id, outcome: 'retry', error: failure.message, runAfter: new Date(ctx.now() + wait) };
  }
}
