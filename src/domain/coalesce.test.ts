import { expect, test } from 'vitest';
import { coalescer, type Joinable } from './coalesce.ts';

interface Call extends Joinable {
  name: string;
}

const call = (name: string, keys: string[] = [name]): Call => ({ name, size: keys.length, keys });

/** A run that records which calls it carried and finishes when told to. */
function recorder() {
  const runs: string[][] = [];
  const gates: (() => void)[] = [];
  const run = (calls: readonly Call[]) => {
    runs.push(calls.map((c) => c.name));
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const finishAll = async () => {
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { runs, run, finishAll };
}

/** A run that keeps call 'a' going until `release`, and hands any other run's calls to `then`. */
function holdingA(then: (calls: readonly Call[]) => void) {
  const runs: string[][] = [];
  let release!: () => void;
  const first = new Promise<void>((resolve) => { release = resolve; });
  const run = async (calls: readonly Call[]) => {
    runs.push(calls.map((c) => c.name));
    if (calls[0]!.name === 'a') return first;
    then(calls);
  };
  return { runs, run, release: () => release() };
}

test('a lone call runs at once, alone; calls that come while the runs are busy go together, in order, up to the size', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 3, rerunAlone: () => true });
  const r = recorder();
  const done = [join('k', call('a'), r.run)];
  expect(r.runs).toEqual([['a']]);
  for (const name of ['b', 'c', 'd', 'e']) done.push(join('k', call(name), r.run));
  expect(r.runs).toEqual([['a']]);
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
});

test('up to inFlight runs of one kind go at once; other kinds do not wait for them', async () => {
  const join = coalescer<Call>({ inFlight: 2, size: 10, rerunAlone: () => true });
  const r = recorder();
  const done = ['a', 'b', 'c', 'd'].map((n) => join('k', call(n), r.run));
  done.push(join('other', call('x'), r.run));
  expect(r.runs).toEqual([['a'], ['b'], ['x']]);
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['b'], ['x'], ['c', 'd']]);
});

test('two calls sharing a key never go in one run: the later waits for a later run', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true });
  const r = recorder();
  const done = [join('k', call('a'), r.run), join('k', call('b', ['x@t']), r.run), join('k', call('c', ['x@t', 'y@t']), r.run), join('k', call('d'), r.run)];
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['b', 'd'], ['c']]);
});

test('a call that would pass the size waits for the next run, and no later call overtakes it', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true });
  const r = recorder();
  const nine = Array.from({ length: 9 }, (_, i) => `b${i}`);
  const done = [join('k', call('a'), r.run), join('k', call('b', nine), r.run), join('k', call('c', ['c1', 'c2']), r.run), join('k', call('d'), r.run)];
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['b'], ['c', 'd']]);
});

test('a call larger than the size still runs, alone', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 2, rerunAlone: () => true });
  const r = recorder();
  const done = [join('k', call('a'), r.run), join('k', call('big', ['1', '2', '3']), r.run), join('k', call('b'), r.run)];
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['big'], ['b']]);
});

test('when a shared run fails, each of its calls runs alone and only the one that fails alone rejects', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true });
  const { runs, run, release } = holdingA((calls) => {
    if (calls.some((c) => c.name === 'bad')) throw new Error(`refused ${calls.map((c) => c.name).join('+')}`);
  });
  const a = join('k', call('a'), run);
  const good = join('k', call('good'), run);
  const bad = join('k', call('bad'), run).catch((e: unknown) => e);
  const also = join('k', call('also'), run);
  release();
  await a;
  await expect(good).resolves.toBeUndefined();
  await expect(also).resolves.toBeUndefined();
  expect(await bad).toMatchObject({ message: 'refused bad' });
  expect(runs).toEqual([['a'], ['good', 'bad', 'also'], ['good'], ['bad'], ['also']]);
});

test('a lone call that fails rejects with its own error, and the next calls still run', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true });
  const runs: string[] = [];
  await expect(join('k', call('a'), async () => { runs.push('a'); throw new Error('nope'); })).rejects.toThrow('nope');
  await join('k', call('b'), async () => { runs.push('b'); });
  expect(runs).toEqual(['a', 'b']);
});

test('a shared run failing in a way no one call caused fails all its calls at once, without running them again', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: (error) => !(error instanceof Error && error.message === 'busy') });
  const { runs, run, release } = holdingA(() => {
    throw new Error('busy');
  });
  const a = join('k', call('a'), run);
  const queued = [join('k', call('b'), run), join('k', call('c'), run)];
  release();
  await a;
  for (const q of queued) await expect(q).rejects.toThrow('busy');
  expect(runs).toEqual([['a'], ['b', 'c']]);
});

test('a run that throws before giving a promise rejects its calls, and the lane goes on', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true });
  const throwing = (): Promise<void> => { throw new Error('at once'); };
  const r = recorder();
  const a = join('k', call('a'), r.run);
  const b = join('k', call('b'), throwing).catch((e: unknown) => e);
  const c = join('k', call('c'), throwing).catch((e: unknown) => e);
  await r.finishAll();
  await a;
  expect(await b).toMatchObject({ message: 'at once' });
  expect(await c).toMatchObject({ message: 'at once' });
  const d = join('k', call('d'), r.run);
  await r.finishAll();
  await d;
  expect(r.runs).toEqual([['a'], ['d']]);
});

test('a call that comes while a shared run is under way is not added to it: it goes in a later run', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true });
  const runs: string[][] = [];
  const gates: (() => void)[] = [];
  const run = (calls: readonly Call[]) => {
    runs.push(calls.map((c) => c.name));
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const done = [join('k', call('a'), run), join('k', call('c'), run), join('k', call('d'), run)];
  gates.shift()!();
  await done[0];
  await new Promise((resolve) => setImmediate(resolve));
  expect(runs).toEqual([['a'], ['c', 'd']]);
  const e = join('k', call('e'), run);
  expect(runs).toEqual([['a'], ['c', 'd']]);
  gates.shift()!();
  await Promise.all(done);
  await new Promise((resolve) => setImmediate(resolve));
  expect(runs).toEqual([['a'], ['c', 'd'], ['e']]);
  gates.shift()!();
  await e;
});

test('with gather, a run takes its calls once gather resolves: calls that came meanwhile go with it', async () => {
  let turn!: () => void;
  const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true, gather: () => new Promise<void>((resolve) => { turn = resolve; }) });
  const r = recorder();
  const done = [join('k', call('a'), r.run)];
  expect(r.runs).toEqual([]);
  done.push(join('k', call('b'), r.run), join('k', call('c'), r.run));
  turn();
  await new Promise((resolve) => setImmediate(resolve));
  expect(r.runs).toEqual([['a', 'b', 'c']]);
  await r.finishAll();
  await Promise.all(done);
});

test('a gather step that fails, at once or later, leaves the run to go with what is waiting', async () => {
  for (const gather of [() => { throw new Error('at once'); }, () => Promise.reject(new Error('later'))]) {
    const join = coalescer<Call>({ inFlight: 1, size: 10, rerunAlone: () => true, gather: gather as () => Promise<void> });
    const r = recorder();
    const done = [join('k', call('a'), r.run), join('k', call('b'), r.run)];
    await new Promise((resolve) => setImmediate(resolve));
    await r.finishAll();
    await Promise.all(done);
    expect(r.runs.flat()).toEqual(['a', 'b']);
  }
});
