import type { Logger } from 'pino';
import type { OutboundPolicy } from '../net/outbound.ts';
import type { Db } from '../storage/db.ts';
import { countQueued, OUTBOX_TABLES } from '../storage/delivery.ts';
import { sendDueReminders } from '../domain/invitations/remind.ts';
import { expireDueInvitations, removeDeadMailboxLinks } from '../storage/sweeps.ts';
import { pruneInvitationSends } from '../storage/invitation-counts.ts';
import { pruneRateLimitHits } from '../storage/rate-limits.ts';
import { announceConfirmedRequests, expireInvitationRequests } from '../domain/requests/announce-requests.ts';
import { maintainTables, refreshOutgrownStatistics } from '../storage/planner-statistics.ts';
import { isSingleConnection } from '../storage/pglite-dialect.ts';
import { drain } from './drain.ts';
import { queued } from './metrics.ts';
import type { EmailTransport } from './transports/email.ts';
import { yieldToEventLoop } from './yield.ts';

export interface WorkerOptions {
  batchSize: number;
  /** Messages sent at once (SMTP connections are pooled separately). */
  concurrency: number;
  /**
   * How long a claimed message stays this worker's. A message may wait for the lanes to finish
   * the batch before its own; one still waiting at half the lease goes back to the queue untried,
   * so the other half must cover a send.
   */
  leaseMs: number;
  /** Pause when nothing is due. */
  idleMs: number;
  maxAttempts: number;
  /** How often the expiry sweep and the reminders run. */
  sweepEveryMs: number;
  /** How often, between sweeps, tables that outgrew their planner statistics are looked for (refreshOutgrownStatistics). */
  statisticsEveryMs: number;
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

/** Rows per sweep statement: each statement holds the embedded database's one connection. */
const SWEEP_STEP = 1000;

// Part of the worker's interface: tests and benchmarks import drain from here.
export { drain };

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
  // Statistics are an optimization: failing to refresh them must not hold up the sweep or delivery.
  const maintained = await maintainTables(deps.db, isSingleConnection(deps.db)).catch((err: unknown) => {
    deps.logger.warn({ err }, 'planner statistics not refreshed; trying again at the next sweep');
    return { analyzed: [], vacuumed: [] };
  });
  if (maintained.analyzed.length) deps.logger.debug(maintained, 'planner statistics refreshed');
  if (expired || reminded || requestsExpired || digests) deps.logger.info({ expired, reminded, requestsExpired, digests }, 'invitation sweep');
  return { expired, reminded, linksRemoved, requestsExpired, digests };
}

export interface RunningWorker {
  /** Claims nothing more, finishes the sends under way, gives back what it had not started, then stops and closes its email transport. */
  stop(): Promise<void>;
}

/** The delivery loop: drain, wait a little when idle, repeat until stopped. */
export function startWorker(deps: WorkerDeps): RunningWorker {
  let running = true;
  let wake: (() => void) | undefined;
  let lastSweep = 0;
  let lastCount = 0;
  // On its own timer: the loop below may be draining for minutes while invites keep coming.
  let statistics: Promise<void> | undefined;
  const keepStatistics = setInterval(() => {
    // The embedded database analyzes on the thread that answers requests: a small sample (planner-statistics.ts).
    statistics ??= refreshOutgrownStatistics(deps.db, isSingleConnection(deps.db) ? 'small' : 'full').then(
      (analyzed) => { if (analyzed.length) deps.logger.debug({ analyzed }, 'planner statistics refreshed'); },
      (err: unknown) => { deps.logger.warn({ err }, 'planner statistics not refreshed; trying again shortly'); },
    ).finally(() => { statistics = undefined; });
  }, deps.options.statisticsEveryMs);
  keepStatistics.unref();
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
          for (const table of OUTBOX_TABLES) queued.set({ outbox: table }, await countQueued(deps.db, table));
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
      clearInterval(keepStatistics);
      wake?.();
      await loop;
      await statistics;
      await deps.transport.close();
    },
  };
}
