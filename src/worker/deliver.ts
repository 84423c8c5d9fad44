import { createHash } from 'node:crypto';
import type { OutboundPolicy } from '../net/outbound.ts';
import { connectionLost, noFreeConnection } from '../storage/connection-errors.ts';
import type { ClaimedMessage, Settled } from '../storage/delivery.ts';
import { INVITATION_LINK_KINDS } from '../storage/invitation-counts.ts';
import { backoffMs, DeliveryError } from './delivery-error.ts';
import { renderEmail, renderSlack, TemplateError } from './templates/render.ts';
import type { EmailTransport } from './transports/email.ts';
import { postToSlack } from './transports/slack.ts';

export interface OrgDelivery {
  enabled: boolean;
  slackWebhookUrl: string | null;
}

export interface LinkState {
  live: boolean;
  /** SHA-256 (hex) of the invitation's current token. */
  tokenHashHex: string;
}

export interface DeliveryContext {
  transport: EmailTransport;
  from: string;
  /** The right-hand side of Message-IDs (the public host). */
  messageIdDomain: string;
  /** The organization's switch and Slack URL right now (asked just before each send). */
  org: (orgId: string) => Promise<OrgDelivery | undefined>;
  /**
   * The link state of an invitation this batch's invitation emails are about, by id, as of a
   * moment ago (asked just before each send, like the organization's switch).
   */
  link: (invitationId: string) => Promise<LinkState | undefined>;
  maxAttempts: number;
  /**
   * When (epoch ms) a message of this batch may last start sending: later, its lease may run out
   * before the send ends, and another worker could send it at the same time. It is released.
   */
  startBy: number;
  /**
   * True once the worker is stopping: a message not started yet is released untried (its attempt
   * given back, due again at once), so a stop waits only for the sends already under way.
   */
  stopping: () => boolean;
  now: () => number;
  /** Where Slack (and later webhook) posts may go. */
  outbound: OutboundPolicy;
}

type Outcome = Settled extends infer S ? (S extends unknown ? Omit<S, 'id' | 'orgId' | 'attempts'> : never) : never;

const MAX_WAIT_MS = 3_600_000;
/** The kinds of message that carry an invitation's link (checked before each send: staleLink). */
export const LINK_KINDS: ReadonlySet<string> = new Set(INVITATION_LINK_KINDS);

/** Stable per notification: a retried or duplicated send carries the same Message-ID. */
export function messageIdFor(id: string, domain: string): string {
  return `<${id}@${domain}>`;
}

/**
 * An invitation email whose invitation ended, or whose link a resend replaced, is not sent: the
 * link would not work. Returns why, or undefined when the link is still good.
 */
function staleLink(message: ClaimedMessage, state: LinkState | undefined): string | undefined {
  if (!state?.live) return 'the invitation is no longer pending';
  const url = String(message.payload.acceptUrl ?? '');
  const token = url.slice(url.lastIndexOf('/') + 1);
  if (createHash('sha256').update(token).digest('hex') !== state.tokenHashHex) return 'a newer invitation email replaced this one';
  return undefined;
}

const UNTRIED = Symbol('untried');

/**
 * A read a send makes first (the organization's switch, the invitation's link). When the database
 * cannot be reached, or has no connection free, nothing was tried and it is no fault of the
 * message: UNTRIED, and the message keeps its attempt and is due again (its record waits too).
 */
async function untried<T>(read: () => Promise<T>): Promise<T | typeof UNTRIED> {
  try {
    return await read();
  } catch (err) {
    if (connectionLost(err) || noFreeConnection(err)) return UNTRIED;
    throw err;
  }
}

async function send(message: ClaimedMessage, ctx: DeliveryContext): Promise<Outcome> {
  if (ctx.stopping() || ctx.now() > ctx.startBy) return { outcome: 'released' };
  if (message.attempts > ctx.maxAttempts) return { outcome: 'failed', error: `gave up after ${message.attempts - 1} attempts (a worker stopped mid-send)` };
  const orgId = message.orgId;
  const org = orgId !== null ? await untried(() => ctx.org(orgId)) : undefined;
  if (org === UNTRIED) return { outcome: 'released' };
  if (orgId !== null && message.channel !== 'webhook' && !org?.enabled) {
    return { outcome: 'suppressed', reason: 'notifications are disabled for the organization' };
  }
  if (LINK_KINDS.has(message.kind)) {
    const link = await untried(() => ctx.link(String(message.payload.invitationId)));
    if (link === UNTRIED) return { outcome: 'released' };
    const stale = staleLink(message, link);
    if (stale) return { outcome: 'suppressed', reason: stale };
  }
  if (message.channel === 'email') {
    const rendered = await renderEmail(message.kind, message.payload);
    await ctx.transport.send({ ...rendered, messageId: messageIdFor(message.id, ctx.messageIdDomain), orgId: message.orgId, notificationId: message.id, from: ctx.from, to: message.recipient });
    return { outcome: 'sent' };
  }
  if (message.channel === 'slack') {
    if (!org?.slackWebhookUrl) return { outcome: 'failed', error: 'no Slack webhook URL is configured for the organization' };
    await postToSlack(org.slackWebhookUrl, (await renderSlack(message.kind, message.payload)).text, { policy: ctx.outbound });
    return { outcome: 'sent' };
  }
  return { outcome: 'failed', error: 'webhook delivery is not available yet' };
}

function failureOutcome(err: unknown, message: ClaimedMessage, ctx: DeliveryContext): Outcome {
  if (err instanceof TemplateError) return { outcome: 'failed', error: `template: ${err.message}` };
  const failure = err instanceof DeliveryError ? err : new DeliveryError(`unexpected: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500), true);
  if (!failure.temporary) return { outcome: 'failed', error: failure.message };
  if (message.attempts >= ctx.maxAttempts) return { outcome: 'failed', error: `gave up after ${message.attempts} attempts: ${failure.message}` };
  const wait = Math.min(failure.retryAfterMs ?? backoffMs(message.attempts), MAX_WAIT_MS);
  return { outcome: 'retry', error: failure.message, runAfter: new Date(ctx.now() + wait) };
}

/**
 * Delivers one leased message and says what became of it: sent; suppressed (the organization is
 * muted now, checked just before sending, or the invitation's link no longer works); failed for
 * good (a permanent refusal, a template that throws, or the last allowed attempt); to retry
 * later with backoff (or the peer's own wait, at most an hour); or released untried, when it
 * waited for a lane past the time its lease leaves for a send.
 */
export async function deliver(message: ClaimedMessage, ctx: DeliveryContext): Promise<Settled> {
  let outcome: Outcome;
  try {
    outcome = await send(message, ctx);
  } catch (err) {
    outcome = failureOutcome(err, message, ctx);
  }
  return { ...outcome, id: message.id, orgId: message.orgId, attempts: message.attempts } as Settled;
}
