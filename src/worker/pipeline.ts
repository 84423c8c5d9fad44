import { yieldToEventLoop } from './yield.ts';

/** The three steps of delivery; the pipeline decides when each runs, never what it does. */
export interface PipelineSteps<B extends { readonly messages: readonly M[] }, M, O> {
  /** Claims the next batch; undefined when nothing more is due. */
  claim(): Promise<B | undefined>;
  /**
   * Delivers one message and says what became of it. Must not throw: a message without an outcome
   * leaves its whole batch unrecorded, to be sent again when the lease runs out (as after a crash).
   */
  send(message: M, batch: B): Promise<O>;
  /**
   * Records a batch's outcomes (in the batch's order) once every message of it has one; resolves
   * with how many of its messages count as handled.
   */
  record(batch: B, outcomes: O[]): Promise<number>;
}

export interface PipelineLimits {
  /** Messages sent at once. */
  lanes: number;
  /**
   * The next batch is claimed once no more than this many claimed messages wait for a lane: it
   * arrives while the lanes still have work, and a claimed message never waits behind more than
   * one batch plus this many.
   */
  claimAhead: number;
}

/** Claims not yet recorded, at most: the one being sent and the one claimed ahead of it. */
const MAX_UNRECORDED_BATCHES = 2;

interface Claimed<B, O> {
  batch: B;
  outcomes: O[];
  /** Messages of the batch without an outcome yet. */
  left: number;
  /** A send threw: the batch is not recorded (its lease runs out, as after a crash). */
  broken?: boolean;
}

/** Resolves every waiter at the next notify(). */
function signal(): { wait(): Promise<void>; notify(): void } {
  let wake!: () => void;
  let next = new Promise<void>((resolve) => { wake = resolve; });
  return {
    wait: () => next,
    notify() {
      wake();
      next = new Promise<void>((resolve) => { wake = resolve; });
    },
  };
}

/** What the feeder, the lanes and the records share while one pipeline runs. */
interface Run<B extends { readonly messages: readonly M[] }, M, O> {
  steps: PipelineSteps<B, M, O>;
  limits: PipelineLimits;
  /** Claimed messages no lane has taken yet, in claim order. */
  waiting: { message: M; claimed: Claimed<B, O>; index: number }[];
  /** Claimed batches not recorded yet. */
  unrecorded: number;
  claiming: boolean;
  handled: number;
  failure: { err: unknown } | undefined;
  /** The records, one after another. */
  recording: Promise<void>;
  workArrived: ReturnType<typeof signal>;
  roomMade: ReturnType<typeof signal>;
}

function record<B extends { readonly messages: readonly M[] }, M, O>(run: Run<B, M, O>, claimed: Claimed<B, O>): void {
  run.recording = run.recording
    .then(() => run.steps.record(claimed.batch, claimed.outcomes))
    .then((handled) => { run.handled += handled; }, (err: unknown) => { run.failure ??= { err }; })
    .finally(() => {
      run.unrecorded--;
      run.roomMade.notify();
    });
}

/** Claims while asked to and while there is room; ends claiming for good on the first no. */
async function feed<B extends { readonly messages: readonly M[] }, M, O>(run: Run<B, M, O>, keepGoing: () => boolean): Promise<void> {
  try {
    while (keepGoing() && !run.failure) {
      if (run.waiting.length > run.limits.claimAhead || run.unrecorded >= MAX_UNRECORDED_BATCHES) {
        await run.roomMade.wait();
        continue;
      }
      const batch = await run.steps.claim();
      if (!batch) break;
      const claimed: Claimed<B, O> = { batch, outcomes: new Array<O>(batch.messages.length), left: batch.messages.length };
      run.unrecorded++;
      if (claimed.left === 0) record(run, claimed);
      batch.messages.forEach((message, index) => run.waiting.push({ message, claimed, index }));
      run.workArrived.notify();
      await yieldToEventLoop();
    }
  } catch (err) {
    run.failure ??= { err };
  } finally {
    run.claiming = false;
    run.workArrived.notify();
  }
}

/** Sends claimed messages one at a time until none is left and nothing more will be claimed. */
async function lane<B extends { readonly messages: readonly M[] }, M, O>(run: Run<B, M, O>): Promise<void> {
  for (;;) {
    const item = run.waiting.shift();
    if (!item) {
      if (!run.claiming) return;
      await run.workArrived.wait();
      continue;
    }
    run.roomMade.notify();
    const { claimed, index } = item;
    try {
      claimed.outcomes[index] = await run.steps.send(item.message, claimed.batch);
    } catch (err) {
      run.failure ??= { err };
      claimed.broken = true;
    }
    if (--claimed.left === 0) {
      if (!claimed.broken) record(run, claimed);
      else {
        // Nothing to record, but the batch no longer takes room: the feeder, waiting for room, must wake and see the failure.
        run.unrecorded--;
        run.roomMade.notify();
      }
    }
    await yieldToEventLoop();
  }
}

/**
 * Claims, sends and records with the three overlapping: the next batch is claimed while the
 * lanes still send the current one, and a batch is recorded as soon as its last message has an
 * outcome, while the lanes go on with the next. Lanes take messages one at a time across batch
 * boundaries, so none waits for a slow message of another. Batches are recorded one at a time,
 * each once all of its messages were sent; at most two claimed batches are unrecorded at once.
 *
 * `keepGoing` is asked before each claim: once it says no, nothing more is claimed, and what was
 * claimed is still sent and recorded before this resolves. A failed claim stops claiming the same
 * way; a failed record does too, and later batches are still recorded. Either error is thrown once
 * everything claimed is settled. Resolves with the number of messages the records handled.
 */
export async function runPipeline<B extends { readonly messages: readonly M[] }, M, O>(
  steps: PipelineSteps<B, M, O>,
  limits: PipelineLimits,
  keepGoing: () => boolean,
): Promise<number> {
  const run: Run<B, M, O> = {
    steps, limits, waiting: [], unrecorded: 0, claiming: true, handled: 0, failure: undefined,
    recording: Promise.resolve(), workArrived: signal(), roomMade: signal(),
  };
  await Promise.all([feed(run, keepGoing), ...Array.from({ length: Math.max(1, limits.lanes) }, () => lane(run))]);
  await run.recording;
  if (run.failure) throw run.failure.err;
  return run.handled;
}
