import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BootstrapResult } from '../../src/domain/organizations/bootstrap.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

/** A stuck transaction elsewhere must not block role and settings changes forever (issue 6, item 13). */
describe.skipIf(!process.env.DATABASE_URL)('statement and lock timeouts on PostgreSQL', () => {
  let t: TestApp;
  let org: BootstrapResult;
  let other: pg.Client;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_LOCK_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '2000' });
    org = await bootstrap(t, 'stuck');
    other = new pg.Client({ connectionString: t.database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await t.close();
  });

  /** Holds row locks in another session, as a stuck transaction would, while `during` runs. */
  async function whileLocked<T>(lock: string, during: () => Promise<T>): Promise<T> {
    await other.query('begin');
    try {
      await other.query(lock);
      return await during();
    } finally {
      await other.query('rollback');
    }
  }

  test('a settings change waiting on a held row answers 503 database_busy with Retry-After, then works', async () => {
    const res = await whileLocked(`select * from organizations where slug = 'stuck' for update`, () =>
      call(t, 'PATCH', '/api/v1/orgs/stuck/settings', { token: org.apiToken, body: { invitationTtlDays: 9 } }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ code: 'database_busy' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const after = await call(t, 'PATCH', '/api/v1/orgs/stuck/settings', { token: org.apiToken, body: { invitationTtlDays: 9 } });
    expect(after.status).toBe(200);
  });

  test('so does a role change waiting on a held member', async () => {
    const added = await call(t, 'POST', '/api/v1/orgs/stuck/members', { token: org.apiToken, body: { email: 'held@stuck.test', role: 'member' } });
    expect(added.status).toBe(201);
    const res = await whileLocked(`select * from members where email_normalized = 'held@stuck.test' for update`, () =>
      call(t, 'PATCH', `/api/v1/orgs/stuck/members/${added.body.id}`, { token: org.apiToken, body: { role: 'guest' } }),
    );
    expect([res.status, res.body.code]).toEqual([503, 'database_busy']);
  });

  test('a request statement running past the statement timeout is cancelled', async () => {
    await expect(sql`select pg_sleep(5)`.execute(t.database.db)).rejects.toMatchObject({ code: '57014' });
  });

  test('a request whose database connection is lost answers 503 database_unavailable with Retry-After, and the next one works', async () => {
    const res = await whileLocked(`select * from organizations where slug = 'stuck' for update`, async () => {
      const waiting = call(t, 'PATCH', '/api/v1/orgs/stuck/settings', { token: org.apiToken, body: { invitationTtlDays: 8 } });
      // The server's connection goes away (a restart, a failover) while the request waits on it.
      await expect.poll(async () => (await other.query<{ n: number }>(`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n, { timeout: 5_000, interval: 10 }).toBe(1);
      return waiting;
    });
    expect([res.status, res.body.code]).toEqual([503, 'database_unavailable']);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const after = await call(t, 'PATCH', '/api/v1/orgs/stuck/settings', { token: org.apiToken, body: { invitationTtlDays: 8 } });
    expect(after.status).toBe(200);
  });

  test('migrations run without the request limits, and give the connection back with them', async () => {
    await expect(migrateToLatest(t.database.db)).resolves.toEqual([]);
    const { rows } = await sql<{ s: string; l: string }>`select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l`.execute(t.database.db);
    expect(rows[0]).toEqual({ s: '2s', l: '300ms' });
  });
});
