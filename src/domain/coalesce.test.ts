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

test('a lone call runs at once, alone; calls that come while the runs are busy go together, in order, up to the size', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 3 });
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
  const join = coalescer<Call>({ inFlight: 2, size: 10 });
  const r = recorder();
  const done = ['a', 'b', 'c', 'd'].map((n) => join('k', call(n), r.run));
  done.push(join('other', call('x'), r.run));
  expect(r.runs).toEqual([['a'], ['b'], ['x']]);
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['b'], ['x'], ['c', 'd']]);
});

test('two calls sharing a key never go in one run: the later waits for a later run', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10 });
  const r = recorder();
  const done = [join('k', call('a'), r.run), join('k', call('b', ['x@t']), r.run), join('k', call('c', ['x@t', 'y@t']), r.run), join('k', call('d'), r.run)];
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['b', 'd'], ['c']]);
});

test('a call larger than the size still runs, alone', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 2 });
  const r = recorder();
  const done = [join('k', call('a'), r.run), join('k', call('big', ['1', '2', '3']), r.run), join('k', call('b'), r.run)];
  await r.finishAll();
  await Promise.all(done);
  expect(r.runs).toEqual([['a'], ['big'], ['b']]);
});

test('when a shared run fails, each of its calls runs alone and only the one that fails alone rejects', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10 });
  const runs: string[][] = [];
  let release!: () => void;
  const first = new Promise<void>((resolve) => { release = resolve; });
  const run = async (calls: readonly Call[]) => {
    runs.push(calls.map((c) => c.name));
    if (calls[0]!.name === 'a') return first;
    if (calls.some((c) => c.name === 'bad')) throw new Error(`refused ${calls.map((c) => c.name).join('+')}`);
  };
  const a = join('k', call('a'), run);
  const good = join('k', call('good'), run);
  const bad = join('k', call('bad'), run);
  const also = join('k', call('also'), run);
  release();
  await a;
  await expect(good).resolves.toBeUndefined();
  await expect(also).resolves.toBeUndefined();
  await expect(bad).rejects.toThrow('refused bad');
  expect(runs).toEqual([['a'], ['good', 'bad', 'also'], ['good'], ['bad'], ['also']]);
});

test('a lone call that fails rejects with its own error, and the next calls still run', async () => {
  const join = coalescer<Call>({ inFlight: 1, size: 10 });
  const runs: string[] = [];
  await expect(join('k', call('a'), async () => { runs.push('a'); throw new Error('nope'); })).rejects.toThrow('nope');
  await join('k', call('b'), async () => { runs.push('b'); });
  expect(runs).toEqual(['a', 'b']);
});
