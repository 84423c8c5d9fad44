import { runsAtOnce, type Db } from '../storage/db.ts';
import { gatherTurn } from '../storage/pglite-dialect.ts';
import { coalescer, type CoalesceLimits, type Joinable, type SharedRun } from './coalesce.ts';

/** What a coalescer of one database needs besides what follows from the database itself. */
export interface DatabaseCoalesceLimits extends Pick<CoalesceLimits, 'size' | 'rerunAlone'> {
  /** Runs of one kind under way at once, at most (fewer with a smaller pool: runsAtOnce). */
  runs: number;
}

/**
 * One coalescer per database (coalesce.ts), made on first use: its runs under way follow the
 * database's pool, and on the embedded database each run lets a turn of the event loop pass
 * before it takes its calls (gatherTurn), without which no request there would find company.
 */
export function coalescerPerDatabase<C extends Joinable>(limitsFor: (db: Db) => DatabaseCoalesceLimits): (db: Db) => (kind: string, call: C, run: SharedRun<C>) => Promise<void> {
  const joins = new WeakMap<Db, (kind: string, call: C, run: SharedRun<C>) => Promise<void>>();
  return (db) => {
    let join = joins.get(db);
    if (!join) {
      const { runs, size, rerunAlone } = limitsFor(db);
      joins.set(db, (join = coalescer<C>({ inFlight: runsAtOnce(db, runs), size, rerunAlone, gather: gatherTurn(db) })));
    }
    return join;
  };
}
