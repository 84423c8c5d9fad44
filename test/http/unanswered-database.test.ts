import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BootstrapResult } from '../../src/domain/organizations/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createServices } from '../../src/services.ts';
import { answerDeadlineMs } from '../../src/storage/answer-deadline.ts';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { holdTransaction } from '../support/locks.ts';
import { startSilentProxy, type SilentProxy } from '../support/tcp-proxy.ts';

test('the answer deadline is the statement timeout and as much again, at least two seconds more; none without a timeout', () => {
  expect([answerDeadlineMs(300), answerDeadlineMs(30_000), answerDeadlineMs(0), answerDeadlineMs(undefined)]).toEqual([2_300, 60_000, undefined, undefined]);
});

/**
 * A database that stops answering without closing the connection (a cut network, a failover
 * behind a NAT: the socket stays half open) must not hold requests until the operating system gives
 * up on the socket, a quarter of an hour later; nor every request waiting to share a statement with
 * one stuck on it.
 */
describe.skipIf(!process.env.DATABASE_URL)('a database that stops answering (PostgreSQL)', () => {
  // Long enough to silence the database while a statement waits on a held lock (the server answers at the lock timeout).
  const STATEMENT_TIMEOUT_MS = 2_000;
  let direct: TestApp;
  let org: BootstrapResult;
  let proxy: SilentProxy;
  let handle: DatabaseHandle;
  let t: TestApp;

  beforeAll(async () => {
    direct = await createTestApp();
    org = await bootstrap(direct, 'silent');
    const url = new URL(direct.database.url!);
    proxy = await startSilentProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const env = { PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS), DATABASE_LOCK_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) };
    const config = loadConfig(env);
    handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 4, statementTimeoutMs: STATEMENT_TIMEOUT_MS, lockTimeoutMs: STATEMENT_TIMEOUT_MS });
    const logger = pino({ level: process.env.DEBUG_LOG ? 'error' : 'silent' });
    const services = await createServices(config, { logger, database: handle });
    const app = createApp({ db: handle.db, auth: services.auth, config, logger, secret: services.secret });
    t = { app, services, database: { ...handle, url: url.toString(), dispose: () => handle.close() }, config, close: () => handle.close() };
  });
  afterAll(async () => {
    await handle?.close();
    await proxy?.close();
    await direct?.close();
  });

  test('requests answer 503 database_unavailable once the deadline passes, every one waiting on the silent connections too, and work again once it answers', async () => {
    expect((await call(t, 'GET', '/api/v1/orgs/silent/members', { token: org.apiToken })).status).toBe(200);
    proxy.silence();
    const started = performance.now();
    // Five token requests at once: they share the lookups under way, which go unanswered.
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(t, 'GET', '/api/v1/orgs/silent/members', { token: org.apiToken })));
    const waitedMs = performance.now() - started;
    for (const res of answers) {
      // Unavailable when its statement or its new connection went unanswered; busy when no connection came free meanwhile.
      expect(res.status).toBe(503);
      expect(['database_unavailable', 'database_busy']).toContain(res.body.code);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Each waited at least for the deadline, never for the operating system's retransmissions.
    expect(waitedMs).toBeGreaterThanOrEqual(answerDeadlineMs(STATEMENT_TIMEOUT_MS)! - 50);
    // The lookups under way, then the connections opened for those queued behind them: two deadlines, not one per request.
    expect(waitedMs).toBeLessThan(3 * answerDeadlineMs(STATEMENT_TIMEOUT_MS)!);
    expect(answers.map((r) => r.body.code)).toContain('database_unavailable');
    proxy.speak();
    const after = await call(t, 'POST', '/api/v1/orgs/silent/invitations', { token: org.apiToken, body: { emails: ['back@silent.test'], role: 'member' } });
    expect(after.status).toBe(200);
    expect(after.body.results[0]).toMatchObject({ outcome: 'invited' });
  });

  test('invitations sharing a transaction whose database goes silent mid-way all answer 503 together, not one after another', async () => {
    // The organization is held elsewhere, so the shared transaction, begun, waits on it when the database goes silent.
    const held = await holdTransaction(direct.database.db, async (trx) => {
      await sql`select 1 from organizations where slug = 'silent' for update`.execute(trx);
    });
    const started = performance.now();
    const answering = Promise.all(Array.from({ length: 6 }, (_, i) => call(t, 'POST', '/api/v1/orgs/silent/invitations', { token: org.apiToken, body: { emails: [`quiet${i}@silent.test`], role: 'member' } })));
    // Two shared runs may be under way, so one or two statements wait on the organization.
    await expect.poll(async () => (await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query like '%organizations%'`.execute(direct.database.db)).rows[0]!.n, { timeout: 5_000, interval: 10 }).toBeGreaterThan(0);
    proxy.silence();
    try {
      const answers = await answering;
      const waitedMs = performance.now() - started;
      for (const res of answers) expect([res.status, res.body.code], res.body.message).toEqual([503, 'database_unavailable']);
      // Tried again one after another, each call would wait for a connection of its own to time out: seven deadlines.
      expect(waitedMs).toBeLessThan(4 * answerDeadlineMs(STATEMENT_TIMEOUT_MS)!);
    } finally {
      // Whatever failed above, the next test gets an answering database.
      proxy.speak();
      await held.release();
    }
    const after = await call(t, 'GET', '/api/v1/orgs/silent/members', { token: org.apiToken });
    expect(after.status).toBe(200);
    expect(after.body.items.map((m: { email: string }) => m.email)).not.toContain('quiet0@silent.test');
  });

  test('a statement on a connection whose statement timeout is off (a migration) is not cut at the deadline', async () => {
    const slept = await handle.db.connection().execute(async (connection) => {
      await sql`select set_config('statement_timeout', '0', false)`.execute(connection);
      try {
        return (await sql<{ ok: boolean }>`select true as ok from pg_sleep(${(answerDeadlineMs(STATEMENT_TIMEOUT_MS)! + 300) / 1000})`.execute(connection)).rows[0];
      } finally {
        await sql`reset statement_timeout`.execute(connection);
      }
    });
    expect(slept).toEqual({ ok: true });
    await expect(sql`select pg_sleep(${STATEMENT_TIMEOUT_MS / 1000 + 1})`.execute(handle.db)).rejects.toMatchObject({ code: '57014' });
  });
});
