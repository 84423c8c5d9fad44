/**
 * A request floor with HTTP in it: the statements one product request issues (captured by
 * statement-floor.ts), answered by a bare node:http server in a process of its own
 * (http-floor-server.ts), so the load generator measures what HTTP plus the same SQL allow on this
 * machine, without the product's framework, authentication code, query building or presentation.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { defer } from './cleanup.ts';
import { NODE, ROOT } from './process.ts';
import type { Statement } from './statement-floor.ts';

export interface HttpFloor {
  url: string;
  stop(): Promise<void>;
}

export async function startHttpFloor(databaseUrl: string, statements: readonly Statement[], connections: number): Promise<HttpFloor> {
  const child = fork(join(ROOT, 'bench/lib/http-floor-server.ts'), [], { cwd: ROOT, execPath: NODE, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  defer(stop);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`HTTP floor server exited with ${code}`)));
    child.send({ url: databaseUrl, statements, connections });
  });
  return { url: `http://127.0.0.1:${port}`, stop };
}
