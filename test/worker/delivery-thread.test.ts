import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { bootstrapOrganization } from '../../src/domain/organizations/bootstrap.ts';
import { createLogger } from '../../src/logging.ts';
import { startServer } from '../../src/main.ts';
import { startDeliveryThread } from '../../src/worker/delivery-in-thread.ts';
import { metricsRegistry } from '../../src/worker/metrics.ts';
import { createTestDatabase } from '../support/database.ts';
import { freePort } from '../support/server.ts';
import { startSmtpServer } from '../support/smtp.ts';

// Issue 8 (single invites): on PostgreSQL `start` runs the delivery worker on a thread of its own,
// so composing and sending email does not take the thread that answers requests.
describe.skipIf(!process.env.DATABASE_URL)('delivery on a thread of its own (PostgreSQL)', () => {
  test('`start` delivers through it, /metrics counts what it sent, and stopping the server stops it', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase();
    const smtp = await startSmtpServer();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const running = await startServer(loadConfig({ DATABASE_URL: database.url, SMTP_URL: smtp.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'error', SEED_DEMO: 'false' }));
    try {
      const { apiToken } = await bootstrapOrganization(running.services.database.db, { orgSlug: 'threaded', orgName: 'Threaded', adminEmail: 'admin@threaded.test', adminPassword: 'correct horse battery' });
      const res = await fetch(`${url}/api/v1/orgs/threaded/invitations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ emails: ['t1@threaded.test', 't2@threaded.test', 't3@threaded.test'], role: 'member' }),
      });
      expect(res.status).toBe(200);
      await expect.poll(() => smtp.received.map((m) => m.subject).length, { timeout: 20_000 }).toBe(3);
      expect(smtp.received.map((m) => m.subject)).toEqual(Array(3).fill(expect.stringContaining('Threaded')));
      const metrics = async () => (await fetch(`${url}/metrics`)).text();
      await expect.poll(metrics, { timeout: 10_000 }).toContain('guestlist_notifications_total{channel="email",outcome="sent"} 3');
      // Sent on the other thread: this thread's own counter never moved.
      expect((await metricsRegistry.getSingleMetric('guestlist_notifications_total')!.get()).values).toEqual([]);
    } finally {
      await running.stop();
      await smtp.close();
      await database.dispose();
    }
  });

  test('a delivery thread that ends unasked is logged and started again; stop ends it', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thread-runs-'));
    const runs = join(dir, 'runs');
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', destination: new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }) });
    const previous = process.env.SHORT_LIVED_THREAD_RUNS;
    process.env.SHORT_LIVED_THREAD_RUNS = runs;
    try {
      const thread = startDeliveryThread(loadConfig({ DATABASE_URL: process.env.DATABASE_URL }), logger, new URL('./fixtures/short-lived-thread.ts', import.meta.url));
      await expect.poll(() => readFileSync(runs, 'utf8').split('\n').length - 1, { timeout: 10_000 }).toBe(2);
      expect(lines.join('')).toContain('delivery thread ended; starting it again');
      // It answers no questions: /metrics does not wait for it past its limit.
      expect(await thread.metrics()).toEqual([]);
      await thread.stop();
      // Stopped: not started a third time.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(readFileSync(runs, 'utf8').split('\n').length - 1).toBe(2);
    } finally {
      if (previous === undefined) delete process.env.SHORT_LIVED_THREAD_RUNS;
      else process.env.SHORT_LIVED_THREAD_RUNS = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
