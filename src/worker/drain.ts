import type { Db } from '../storage/db.ts';
import { claimDue, OUTBOX_TABLES, readInvitationLinks, readOrgDeliverySettings, settle, type ClaimedMessage, type OutboxTable, type Settled } from '../storage/delivery.ts';
import { deliver, LINK_KINDS, type DeliveryContext, type LinkState, type OrgDelivery } from './deliver.ts';
import { deliveries, deliveryLatency } from './metrics.ts';
import { runPipeline } from './pipeline.ts';
import type { WorkerDeps } from './worker.ts';

/**
 * A claimed message starts sending within this share of its lease, or goes back to the queue:
 * the rest of the lease is left for the send itself (SMTP timeouts are 15 s, leases 2 minutes).
 * Only a batch stuck behind very slow sends comes near it.
 */
const START_WITHIN = 0.5;

/** One claim from one outbox, with what its messages need to be delivered. */
interface Batch {
  table: OutboxTable;
  messages: readonly ClaimedMessage[];
  /** Carries the links of this batch's invitations (linkLookup). */
  ctx: DeliveryContext;
}

/** Organizations remembered by one drain at most; a long drain over many forgets and reads again. */
const ORG_CACHE_SIZE = 1000;

/** How old what a send checks first (the mute, the invitation's link) may be, in milliseconds. */
const FRESH_MS = 250;

/**
 * `read`'s answer, read again when a caller asks once that read began a quarter of a second ago or
 * more; a read under way is shared, so a slow one is not asked again by every send meanwhile. A
 * failed read answers the same way until it is that old. `first` is an answer just read.
 */
function freshly<T>(read: () => Promise<T>, first?: T): () => Promise<T> {
  let answer: Promise<T> | undefined = first === undefined ? undefined : Promise.resolve(first);
  let askedAt = Date.now();
  let reading = false;
  return () => {
    if (!reading && (answer === undefined || Date.now() - askedAt >= FRESH_MS)) {
      askedAt = Date.now();
      reading = true;
      const next = read();
      answer = next;
      next.finally(() => { reading = false; }).catch(() => {});
    }
    return answer!;
  };
}

/**
 * The organization's switch and Slack URL as of (at most) a quarter of a second ago: the mute is
 * checked again just before each send without a query per message.
 */
function orgLookup(db: Db): (orgId: string) => Promise<OrgDelivery | undefined> {
  const readers = new Map<string, () => Promise<OrgDelivery | undefined>>();
  return (orgId) => {
    let reader = readers.get(orgId);
    if (!reader) {
      if (readers.size >= ORG_CACHE_SIZE) readers.clear();
      reader = freshly(() => readOrgDeliverySettings(db, [orgId]).then((m) => m.get(orgId)));
      readers.set(orgId, reader);
    }
    return reader();
  };
}

/**
 * The links of a batch's invitations, read with the claim and read again, all in one statement,
 * when a send asks after they are a quarter of a second old: a batch that takes longer (a slow
 * mail server, a busy lane) does not send an invitation revoked or resent meanwhile with its
 * dead link. A fast batch reads them once.
 */
function linkLookup(db: Db, refs: readonly { orgId: string; invitationId: string }[], first: ReadonlyMap<string, LinkState>): DeliveryContext['link'] {
  const links = freshly(() => readInvitationLinks(db, refs), first);
  return async (invitationId) => (await links()).get(invitationId);
}

/**
 * Claims from the outboxes in turn, so account emails (password resets) are not held behind a
 * long run of organization messages; undefined once every outbox came back empty in a row.
 */
function claimer(deps: WorkerDeps, keepGoing: () => boolean): () => Promise<Batch | undefined> {
  const { db, options } = deps;
  const shared: Omit<DeliveryContext, 'link' | 'startBy'> = {
    transport: deps.transport, from: deps.from, messageIdDomain: deps.messageIdDomain, org: orgLookup(db), maxAttempts: options.maxAttempts,
    now: Date.now, outbound: deps.outbound, stopping: () => !keepGoing(),
  };
  let turn = 0;
  return async () => {
    for (let tried = 0; tried < OUTBOX_TABLES.length; tried++) {
      const table = OUTBOX_TABLES[turn]!;
      turn = (turn + 1) % OUTBOX_TABLES.length;
      // Taken before the claim: the lease the database grants ends later than this clock says.
      const claimedAt = Date.now();
      const messages = await claimDue(db, table, options.batchSize, options.leaseMs);
      if (messages.length === 0) continue;
      const refs = messages.flatMap((m) => (m.orgId && LINK_KINDS.has(m.kind) && typeof m.payload.invitationId === 'string' ? [{ orgId: m.orgId, invitationId: m.payload.invitationId }] : []));
      let invitations: ReadonlyMap<string, LinkState>;
      try {
        invitations = await readInvitationLinks(db, refs);
      } catch (err) {
        // Nothing was tried: give the claim back (attempts too) rather than hold it for a whole lease.
        await settle(db, table, messages.map((m): Settled => ({ id: m.id, orgId: m.orgId, attempts: m.attempts, outcome: 'released' }))).catch(() => {});
        throw err;
      }
      return { table, messages, ctx: { ...shared, link: linkLookup(db, refs, invitations), startBy: claimedAt + options.leaseMs * START_WITHIN } };
    }
    return undefined;
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

function count(messages: readonly ClaimedMessage[], settled: readonly Settled[]): void {
  const now = Date.now();
  settled.forEach((s, i) => {
    const m = messages[i]!;
    if (s.outcome === 'released') return;
    deliveries.inc({ channel: m.channel, outcome: s.outcome });
    if (s.outcome === 'sent') deliveryLatency.observe({ channel: m.channel }, (now - m.createdAt.getTime()) / 1000);
  });
}

/**
 * Settles a batch (with the retry), then counts it: a count never runs ahead of the database.
 * Returns how many messages it handled (released ones were not).
 */
async function record(deps: WorkerDeps, batch: Batch, settled: Settled[]): Promise<number> {
  let released = 0;
  for (const s of settled) {
    if (s.outcome === 'failed' || s.outcome === 'retry') deps.logger.warn({ notificationId: s.id, outcome: s.outcome, error: s.error }, 'delivery did not succeed');
    if (s.outcome === 'released') released++;
  }
  if (released) deps.logger.warn({ released, leaseMs: deps.options.leaseMs }, 'messages released untried: the worker is stopping, or they waited past half their lease for a lane');
  await settleWithRetry(deps, batch.table, settled);
  count(batch.messages, settled);
  return settled.length - released;
}

/**
 * Delivers everything due now and returns how many messages it handled. Claiming the next batch
 * and settling the last one overlap with sending (pipeline.ts), so the lanes do not stand idle
 * during those round trips. `keepGoing` is asked before each claim and each send: a stopping
 * worker claims nothing more, finishes the sends under way, gives back the claimed messages it
 * had not started (released untried, due again at once) and settles everything before this
 * resolves, so a stop waits for at most one send per lane, not for two claimed batches.
 */
export function drain(deps: WorkerDeps, keepGoing: () => boolean = () => true): Promise<number> {
  return runPipeline<Batch, ClaimedMessage, Settled>(
    { claim: claimer(deps, keepGoing), send: (message, batch) => deliver(message, batch.ctx), record: (batch, settled) => record(deps, batch, settled) },
    { lanes: deps.options.concurrency, claimAhead: deps.options.concurrency },
    keepGoing,
  );
}
