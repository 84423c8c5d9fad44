/**
 * `npm run bench`: every §5 benchmark, each in its own process, on PostgreSQL (DATABASE_URL, or
 * the local server on loopback) and then on PGlite, followed by one summary table.
 *
 *   npm run bench                              everything
 *   npm run bench -- single-invite lists       only these
 *   BENCH_DBS=pglite npm run bench             one column only
 *
 * Sizes and runs follow each benchmark's BENCH_* variables (see each file's header).
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { serverUrl, type DbKind } from './lib/database.ts';
import { NODE, ROOT } from './lib/process.ts';
import { clearResults, figureText, readResults, verdict, fmt, type Result } from './lib/report.ts';

const BENCHES: Array<{ name: string; dbs: DbKind[] }> = [
  { name: 'bulk-invite', dbs: ['postgres', 'pglite'] },
  { name: 'import', dbs: ['postgres', 'pglite'] },
  { name: 'send-pending', dbs: ['postgres', 'pglite'] },
  { name: 'single-invite', dbs: ['postgres', 'pglite'] },
  { name: 'accept', dbs: ['postgres', 'pglite'] },
  { name: 'accept-new', dbs: ['postgres', 'pglite'] },
  { name: 'delivery', dbs: ['postgres', 'pglite'] },
  { name: 'lists', dbs: ['postgres', 'pglite'] },
  { name: 'delivery-history', dbs: ['postgres', 'pglite'] },
  { name: 'startup', dbs: ['pglite'] },
];

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function runBench(name: string, db: DbKind, url: string): Promise<number | null> {
  const env = { ...process.env, BENCH_DB: db, DATABASE_URL: db === 'postgres' ? url : '' };
  return new Promise((resolve) => {
    const child = spawn(NODE, [`bench/${name}.ts`], { cwd: ROOT, env, stdio: 'inherit' });
    child.once('exit', (code) => resolve(code));
  });
}

function cell(r: Result | undefined): string {
  if (!r) return '-';
  if (r.unavailable) return r.unavailable;
  return `${figureText(r.figure, r.unit)}${r.details ? `; ${r.details}` : ''} ${verdict(r)}${r.baseline?.ratio !== undefined ? `, ratio ${fmt(r.baseline.ratio)}×` : ''}`;
}

const only = process.argv.slice(2);
const wanted = (process.env.BENCH_DBS ?? 'postgres,pglite').split(',') as DbKind[];
const url = serverUrl();
const dbs: DbKind[] = [];
if (wanted.includes('postgres')) {
  if (await postgresReachable(url)) dbs.push('postgres');
  else console.log(`PostgreSQL at ${new URL(url).host} does not answer: the PostgreSQL column is skipped (set DATABASE_URL)`);
}
if (wanted.includes('pglite')) dbs.push('pglite');
const selected = BENCHES.filter((b) => only.length === 0 || only.includes(b.name));
const failed: string[] = [];
for (const db of dbs) {
  for (const b of selected.filter((x) => x.dbs.includes(db))) {
    console.log(`\n=== ${b.name} (${db}) ===`);
    clearResults(b.name, db);
    const code = await runBench(b.name, db, url);
    if (code !== 0) failed.push(`${b.name} (${db}) exited with ${code}`);
  }
}

console.log('\n=== Summary (PRODUCT.md §5) ===');
const rows = new Map<string, { target: string; byDb: Partial<Record<DbKind, Result>> }>();
for (const b of selected) {
  for (const db of dbs) {
    for (const r of readResults(b.name, db)) {
      const entry = rows.get(r.row) ?? { target: r.target ?? '-', byDb: {} };
      entry.byDb[db] = r;
      rows.set(r.row, entry);
    }
  }
}
for (const [row, e] of rows) {
  console.log(`\n${row} | target ${e.target}`);
  for (const db of dbs) {
    const r = e.byDb[db];
    if (r) console.log(`  ${db === 'postgres' ? 'PostgreSQL' : 'PGlite    '}  ${cell(r)}${r.baseline && !r.unavailable ? ` | ${r.baseline.label} ${r.baseline.figure ? figureText(r.baseline.figure, r.baseline.unit ?? r.unit) : (r.baseline.text ?? '')}` : ''}`);
  }
}
const all = [...rows.values()].flatMap((e) => Object.values(e.byDb));
console.log(`\n${all.filter((r) => r.pass === true).length} PASS, ${all.filter((r) => r.pass === false).length} MISS, ${all.filter((r) => r.pass === undefined).length} not judged`);
if (failed.length) {
  console.log(`Benchmarks that failed: ${failed.join('; ')}`);
  process.exitCode = 1;
}
