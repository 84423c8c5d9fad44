import type { Logger } from 'pino';
import type { OutboundPolicy } from '../net/outbound.ts';
import type { Db } from '../storage/db.ts';
import { claimDue, countQueued, readInvitationLinks, readOrgDeliverySettings, settle, type ClaimedMessage, type OutboxTable, type Settled } from '../storage/delivery.ts';
import { sendDueReminders } from '../domain/invitations/remind.ts';
import { expireDueInvitations, removeDeadMailboxLinks } from '../storage/sweeps.ts';
import { pruneInvitationSends } from '../storage/invitation-counts.ts';
import { pruneRateLimitHits } from '../storage/rate-limits.ts';
import { announceConfirmedRequests, expireInvitationRequests } from '../domain/requests/announce-requests.ts';
import { maintainEmbeddedTables } from '../storage/planner-statistics.ts';
import { isSingleConnection } from '../storage/pglite-dialect.ts';
import { deliver, type DeliveryContext, type OrgDelivery } from './deliver.ts';
import { deliveries, deliveryLatency, queued } from './metrics.ts';
import type { EmailTransport } from './transports/email.ts';

export interface WorkerOptions {
  batchSize: number;
  /** Messages sent at once (SMTP connections are pooled separately). */
  concurrency: number;
  /** How long a claimed message stays this worker's; longer than any single send may take. */
  leaseMs: number;
  /** Pause when nothing is due. */
  idleMs: number;
  maxAttempts: number;
  /** How often the expiry sweep and the reminders run. */
  sweepEveryMs: number;
}

export interface WorkerDeps {
  db: Db;
  logger: Logger;
  transport: EmailTransport;
  from: string;
  messageIdDomain: string;
  /** The public base URL, for the links in reminders. */
  publicUrl: string;
  outbound: OutboundPolicy;
  options: WorkerOptions;
}

const TABLES: OutboxTable[] = ['notifications', 'account_notifications'];
/** Rows per sweep statement: each statement holds the embedded database's one connection. */
const SWEEP_STEP = 1000;

/**
 * Lets timers and I/O (incoming requests) run. The embedded database answers through promise
 * callbacks alone, so a worker that only awaits it would hold the event loop until the whole
 * queue is delivered, and every request would wait that long.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `fn` over `items` with at most `limit` in flight, yielding to the event loop after each. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
      await yieldToEventLoop();
    }
  });
  await Promise.all(lanes);
  return out;
}

function count(messages: readonly ClaimedMessage[], settled: readonly Settled[]): void {
  const now = Date.now();
  settled.forEach((s, i) => {
    const m = messages[i]!;
    deliveries.inc({ channel: m.channel, outcome: s.outcome });
    if (s.outcome === 'sent') deliveryLatency.observe({ channel: m.channel }, (now - m.createdAt.getTime()) / 1000);
  });
}

/**
 * The organization's switch and Slack URL as of (at most) a quarter of a second ago: the mute is
 * checked again just before each send without a query per message.
 */
function orgLookup(db: Db): (orgId: string) => Promise<OrgDelivery | undefined> {
  const cache = new Map<string, { at: number; value: Promise<OrgDelivery | undefined> }>();
  return (orgId) => {
    const hit = cache.get(orgId);
    if (hit && Date.now() - hit.at < 250) return hit.value;
    const value = readOrgDeliverySettings(db, [orgId]).then((m) => m.get(orgId));
    cache.set(orgId, { at: Date.now(), value });
    return value;
  };
}

/** Recording outcomes is retried briefly: failing here would resend the whole batch later. */
async function settleWithRetry(deps: WorkerDeps, table: OutboxTable, settled: readonly Settled[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await settle(deps.db, table, settled);
    } catch (err) {
      if (attempt >= 3) throw err;
      deps.logger.warn({ err, attempt }, 'recording delivery outcomes failed; retrying');
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** Claims, delivers and settles one batch from one outbox; returns how many messages it handled. */
export async function runBatch(deps: WorkerDeps, table: OutboxTable): Promise<number> {
  const { db, options } = deps;
  const messages = await claimDue(db, table, options.batchSize, options.leaseMs);
  if (messages.length === 0) return 0;
  const invitations = await readInvitationLinks(db, messages.flatMap((m) => (m.orgId && typeof m.payload.invitationId === 'string' ? [{ orgId: m.orgId, invitationId: m.payload.invitationId }] : [])));
  const ctx: DeliveryContext = { transport: deps.transport, from: deps.from, messageIdDomain: deps.messageIdDomain, org: orgLookup(db), invitations, maxAttempts: options.maxAttempts, now: Date.now, outbound: deps.outbound };
  const settled = await mapLimited(messages, options.concurrency, (m) => deliver(m, ctx));
  for (const s of settled) if (s.outcome === 'failed' || s.outcome === 'retry') deps.logger.warn({ notificationId: s.id, outcome: s.outcome, error: s.error }, 'delivery did not succeed');
  await settleWithRetry(deps, table, settled);
  count(messages, settled);
  return messages.length;
}

/**
 * Delivers everything due now, batch after batch, then returns how many messages it handled.
 * `keepGoing` is asked between batches (a stopping worker ends after the batch in flight).
 */
export async function drain(deps: WorkerDeps, keepGoing: () => boolean = () => true): Promise<number> {
  let total = 0;
  while (keepGoing()) {
    let handled = 0;
    for (const table of TABLES) {
      if (keepGoing()) handled += await runBatch(deps, table);
      await yieldToEventLoop();
    }
    if (handled === 0) return total;
    total += handled;
  }
  return total;
}

/**
 * The scheduled jobs: pending invitations past their expiry are written `expired` (audited), and
 * reminders, each with a fresh link, are queued a day before expiry, once; development mailbox
 * links that no longer need to work are removed, and so are send counts the daily cap no longer reads. Safe from several workers at once.
 */
export async function runSweeps(deps: WorkerDeps, now?: Date): Promise<{ expired: number; reminded: number; linksRemoved: number; requestsExpired: number; digests: number }> {
  let expired = 0;
  for (;;) {
    const step = await expireDueInvitations(deps.db, now, SWEEP_STEP);
    expired += step;
    await yieldToEventLoop();
    if (step < SWEEP_STEP || expired >= 5 * SWEEP_STEP) break;
  }
  const reminded = await sendDueReminders(deps.db, { publicUrl: deps.publicUrl, now, chunk: 200, max: 1000 });
  await yieldToEventLoop();
  const linksRemoved = await removeDeadMailboxLinks(deps.db, 1000);
  const requestsExpired = await expireInvitationRequests(deps.db, 1000);
  const digests = await announceConfirmedRequests(deps.db, deps.publicUrl);
  await pruneInvitationSends(deps.db);
  await pruneRateLimitHits(deps.db);
  const maintained = await maintainEmbeddedTables(deps.db, isSingleConnection(deps.db));
  if (maintained.analyzed.length) deps.logger.debug(maintained, 'embedded database maintenance');
  if (expired || reminded || requestsExpired || digests) deps.logger.info({ expired, reminded, requestsExpired, digests }, 'invitation sweep');
  return { expired, reminded, linksRemoved, requestsExpired, digests };
}

export interface RunningWorker {
  /** Finishes the batch in flight (its messages are settled), then stops. */
  stop(): Promise<void>;
}

/** The delivery loop: drain, wait a little when idle, repeat until stopped. */
export function startWorker(deps: WorkerDeps): RunningWorker {
  let running = true;
  let wake: (() => void) | undefined;
  let lastSweep = 0;
  let lastCount = 0;
  const loop = (async () => {
    while (running) {
      try {
        if (Date.now() - lastSweep >= deps.options.sweepEveryMs) {
          lastSweep = Date.now();
          await runSweeps(deps);
        }
        await drain(deps, () => running);
        if (Date.now() - lastCount >= 5000) {
          lastCount = Date.now();
          for (const table of TABLES) queued.set({ outbox: table }, await countQueued(deps.db, table));
        }
      } catch (err) {
        deps.logger.error({ err }, 'delivery batch failed; retrying after a pause');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.options.idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
