/** Median, min and max of a figure measured over several runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, values: [] };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, values: [...values] };
}

/** Nearest-rank percentile (q in 0..1) of unsorted values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** How many measured runs: BENCH_RUNS, at least 3. */
export function runCount(): number {
  return Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
}

/**
 * A warm-up call (index -1, its result dropped), then `n` measured calls one after another.
 * Each call prints one line as it ends, so a long benchmark shows progress.
 */
export async function runs<T>(n: number, fn: (run: number) => Promise<T>, describe: (result: T) => string = () => ''): Promise<T[]> {
  const warm = await fn(-1);
  console.log(`  warm-up: ${describe(warm)}`);
  const results: T[] = [];
  for (let i = 0; i < n; i++) {
    const result = await fn(i);
    console.log(`  run ${i + 1}/${n}: ${describe(result)}`);
    results.push(result);
  }
  return results;
}

/** A size from the environment (BENCH_<NAME>), so development runs can be small. */
export function size(name: string, fallback: number): number {
  const raw = process.env[`BENCH_${name}`];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`BENCH_${name} must be a positive number`);
  return Math.floor(value);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wall-clock milliseconds comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();
