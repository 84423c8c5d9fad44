/**
 * Lets small concurrent calls that would do the same kind of work share one run (one transaction,
 * one set of statements) instead of each running its own. A call with no run of its kind under way
 * (or fewer than `inFlight`) starts at once, alone; calls that arrive while `inFlight` runs of their
 * kind are under way wait and go together in the next one, up to `size` items in all. So nothing
 * waits for a timer: a lone call runs as it would without this (with `gather`, after one turn of
 * the event loop, taking what arrived in it), and under load each run carries what arrived meanwhile: a single invite was six round trips and about 2.5 ms of the database's
 * time, most of it the same for one address as for ten.
 */

/** A call as the coalescer sees it: how many items it carries, and the keys no two calls of one run may share. */
export interface Joinable {
  size: number;
  keys: readonly string[];
}

/** Does the work of these calls (one or more, in arrival order) in one run; rejects if it did none of it. */
export type SharedRun<C> = (calls: readonly C[]) => Promise<void>;

interface Waiting<C> {
  call: C;
  run: SharedRun<C>;
  resolve(): void;
  reject(error: unknown): void;
}

interface Lane<C> {
  running: number;
  waiting: Waiting<C>[];
  /** A run is waiting for `gather` before it takes its calls (it will take those waiting then). */
  gathering: boolean;
}

export interface CoalesceLimits {
  /** Runs of one kind under way at once. */
  inFlight: number;
  /** The most items one run carries (a call larger than this runs alone). */
  size: number;
  /**
   * Whether a shared run's failure may be one call's doing, so that each call should run alone to
   * get its own outcome. Otherwise (the database busy, say: a condition every call of the kind
   * shares) every call of the run fails with that error at once, instead of each waiting for it again.
   */
  rerunAlone(error: unknown): boolean;
  /**
   * Awaited before a run takes its calls, so calls about to arrive can join it. For a database that
   * runs in this thread (PGlite): a run's statements follow each other without letting the event
   * loop read new requests, so without a turn in between no request would ever find a run under
   * way to wait for, and each would run alone.
   */
  gather?: (() => Promise<void>) | undefined;
}

/**
 * The next run's calls, taken from the front of `waiting` in order until one would pass `size`
 * items; a call sharing a key with one already taken is passed over (it waits for a later run, as
 * if it had come after), the rest keep their order.
 */
function takeRun<C extends Joinable>(waiting: Waiting<C>[], size: number): Waiting<C>[] {
  const taken: Waiting<C>[] = [];
  const keys = new Set<string>();
  let items = 0;
  for (let i = 0; i < waiting.length; ) {
    const w = waiting[i]!;
    if (taken.length > 0 && items + w.call.size > size) break;
    if (w.call.keys.some((k) => keys.has(k))) {
      i++;
      continue;
    }
    taken.push(w);
    items += w.call.size;
    for (const k of w.call.keys) keys.add(k);
    waiting.splice(i, 1);
  }
  return taken;
}

/** Starts `run` for these calls now; a promise even if it throws before giving one. */
function attempt<C>(run: SharedRun<C>, calls: readonly C[]): Promise<void> {
  try {
    return run(calls);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs the calls together with the first call's `run` (they share a kind, so any one's run does).
 * If that fails in a way one call may have caused (`rerunAlone`), each runs alone with its own, in order, so
 * a call that cannot succeed sinks only itself (a run rolls back whole, so nothing of the shared
 * attempt remains); otherwise all fail with the shared error. Never rejects.
 */
async function runTogether<C>(taken: readonly Waiting<C>[], rerunAlone: (error: unknown) => boolean): Promise<void> {
  if (taken.length > 1) {
    try {
      await attempt(taken[0]!.run, taken.map((w) => w.call));
      for (const w of taken) w.resolve();
      return;
    } catch (error) {
      let alone = false;
      try {
        alone = rerunAlone(error);
      } catch {
        // A predicate that fails cannot say the calls differ: they share the run's error.
      }
      if (!alone) {
        for (const w of taken) w.reject(error);
        return;
      }
    }
  }
  // One after another, in arrival order: what each call then meets is what it would have met had
  // the calls come one by one (near a limit, who comes first can matter).
  for (const w of taken) await attempt(w.run, [w.call]).then(w.resolve, w.reject);
}

/**
 * A coalescer: `join(kind, call, run)` resolves once the call's work is done (alone or with others
 * of the same `kind`), or rejects with the error its own run gave. Calls of one kind must be
 * interchangeable but for their items: any one's `run` is used for all of them.
 */
export function coalescer<C extends Joinable>(limits: CoalesceLimits): (kind: string, call: C, run: SharedRun<C>) => Promise<void> {
  const lanes = new Map<string, Lane<C>>();
  const startRuns = (kind: string, lane: Lane<C>) => {
    while (lane.running < limits.inFlight && lane.waiting.length > 0 && !lane.gathering) {
      lane.running++;
      void startRun(lane).finally(() => {
        lane.running--;
        if (lane.running === 0 && lane.waiting.length === 0) lanes.delete(kind);
        else startRuns(kind, lane);
      });
    }
  };
  const startRun = async (lane: Lane<C>) => {
    if (limits.gather) {
      lane.gathering = true;
      try {
        await limits.gather();
      } catch {
        // Gathering only waits for company: without it, the run goes with what is waiting.
      } finally {
        lane.gathering = false;
      }
    }
    const taken = takeRun(lane.waiting, limits.size);
    if (taken.length > 0) await runTogether(taken, limits.rerunAlone);
  };
  return (kind, call, run) =>
    new Promise<void>((resolve, reject) => {
      let lane = lanes.get(kind);
      if (!lane) lanes.set(kind, (lane = { running: 0, waiting: [], gathering: false }));
      lane.waiting.push({ call, run, resolve, reject });
      startRuns(kind, lane);
    });
}
