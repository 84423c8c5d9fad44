import pino from 'pino';
import { workerDeps } from '../../src/worker/create-worker.ts';
import type { EmailTransport } from '../../src/worker/transports/email.ts';
import { drain, type WorkerDeps } from '../../src/worker/worker.ts';
import type { TestApp } from './app.ts';

/** The delivery worker of a test app (development mailbox unless a transport is given). */
export function testWorker(t: TestApp, transport?: EmailTransport, options: Partial<WorkerDeps['options']> = {}): WorkerDeps {
  const deps = workerDeps(t.config, t.database.db, pino({ level: 'silent' }), transport);
  return { ...deps, options: { ...deps.options, ...options } };
}

/** Delivers everything due now through the real worker; returns how many messages it handled. */
export async function deliverAll(t: TestApp, transport?: EmailTransport): Promise<number> {
  return drain(testWorker(t, transport));
}
