#!/usr/bin/env node
// The `guestlist` command. It must start on the machine's Node (which may be Node 20, past end of
// life and unable to run TypeScript), so it only re-executes the project's pinned Node 24 (the npm
// `node` package) on src/cli/main.ts, passing arguments, stdio, signals and the exit status through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'cli', 'main.ts');

/** The pinned Node 24 wherever npm put the `node` package (hoisted or not). */
function pinnedNode() {
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('node/package.json');
    const bin = join(dirname(pkg), 'bin', 'node');
    if (existsSync(bin)) return bin;
  } catch {
    // not installed: fall through
  }
  const [major, minor] = process.versions.node.split('.').map(Number);
  // Node 23.6+ strips types by default; an older Node cannot run the sources at all.
  if (major > 23 || (major === 23 && minor >= 6)) return process.execPath;
  process.stderr.write(`guestlist: Node ${process.versions.node} cannot run it and the pinned Node 24 is missing; run \`npm install\` in ${root}.\n`);
  process.exit(1);
}

const child = spawn(pinnedNode(), [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
child.on('error', (err) => {
  process.stderr.write(`guestlist: could not start Node: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal so that the caller sees what the child saw.
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
