import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbKind } from './database.ts';
import type { Summary } from './stats.ts';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** One §5 row as measured: its figure over the runs, its target and, where one applies, its baseline. */
export interface Result {
  row: string;
  db: DbKind;
  figure: Summary;
  unit: string;
  /** Secondary figures printed after the main one, e.g. "p99 12 ms". */
  details?: string;
  /** The target as §5 states it; pass is undefined where the row sets none. */
  target?: string;
  pass?: boolean;
  /** Why no figure could be measured (then pass is false). */
  unavailable?: string;
  baseline?: { label: string; figure?: Summary; unit?: string; ratio?: number; text?: string };
}

const DB_NAMES: Record<DbKind, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function figureText(s: Summary, unit: string): string {
  return `${fmt(s.median)} ${unit} median (min ${fmt(s.min)}, max ${fmt(s.max)})`;
}

export function verdict(r: Pick<Result, 'pass'>): string {
  return r.pass === undefined ? 'not judged (smaller than §5 states)' : r.pass ? 'PASS' : 'MISS';
}

/** The one-line form every benchmark prints. */
export function resultLine(r: Result): string {
  const head = `${r.row} (${DB_NAMES[r.db]}): `;
  if (r.unavailable) return `${head}${r.unavailable} | target ${r.target ?? '-'}: MISS`;
  let line = `${head}${figureText(r.figure, r.unit)}${r.details ? `, ${r.details}` : ''}`;
  if (r.target) line += ` | target ${r.target}: ${verdict(r)}`;
  if (r.baseline) {
    const b = r.baseline;
    const measured = b.figure ? `${figureText(b.figure, b.unit ?? r.unit)}` : (b.text ?? '');
    line += ` | ${b.label} ${measured}${b.ratio !== undefined ? `: ratio ${fmt(b.ratio)}×` : ''}`;
  }
  return line;
}

function resultsFile(bench: string, db: DbKind): string {
  return join(RESULTS_DIR, `${bench}.${db}.json`);
}

const written = new Set<string>();

/** Prints the result and keeps it in bench/results/<bench>.<db>.json (replaced by each run of that benchmark). */
export function report(bench: string, r: Result): void {
  console.log(resultLine(r));
  const file = resultsFile(bench, r.db);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const previous = written.has(file) && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Result[]) : [];
  written.add(file);
  writeFileSync(file, `${JSON.stringify([...previous, r], null, 2)}\n`);
}

/** What a benchmark kept, for the summary of `npm run bench`. */
export function readResults(bench: string, db: DbKind): Result[] {
  const file = resultsFile(bench, db);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Result[]) : [];
}

/** Forgets a benchmark's kept results (before running it again, so a crash leaves none behind). */
export function clearResults(bench: string, db: DbKind): void {
  const file = resultsFile(bench, db);
  if (existsSync(file)) writeFileSync(file, '[]\n');
}
