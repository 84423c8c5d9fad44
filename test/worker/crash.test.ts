import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inviteMembers } from '../../src/domain/invitations/invite.ts';
import { bootstrapOrganization } from '../../src/domain/organizations/bootstrap.ts';
import { openDatabase } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

// The CLI itself, not the bin wrapper: SIGKILL must reach the process that holds the work.
const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TOTAL = 1000;
let smtp: TestSmtpServer;
let dir: string;
let pg: TestDatabase | undefined;

beforeAll(async () => {
  smtp = await startSmtpServer();
  dir = mkdtempSync(join(tmpdir(), 'guestlist-crash-'));
  if (process.env.DATABASE_URL) pg = await createTestDatabase();
});
afterAll(async () => {
  await pg?.dispose();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATA_DIR: join(dir, 'data'),
    ...(pg?.url ? { DATABASE_URL: pg.url } : {}),
    SMTP_URL: smtp.url,
    WORKER_LEASE_MS: '2000',
    WORKER_BATCH_SIZE: '50',
    LOG_LEVEL: process.env.CRASH_LOG ?? 'warn',
  };
}

async function queueInvitations(): Promise<void> {
  const handle = pg ? { db: pg.db, close: async () => {} } : await openDatabase({ dataDir: join(dir, 'data') });
  try {
    await migrateToLatest(handle.db);
    const boot = await bootstrapOrganization(handle.db, { orgSlug: 'crash', orgName: 'Crash', adminEmail: 'admin@crash.test', adminPassword: 'correct horse battery' });
    const emails = Array.from({ length: TOTAL }, (_, i) => `c${i}@crash.test`);
    const access = { orgId: boot.org.id, role: 'admin' as const, actor: { kind: 'system' as const, name: 'test' } };
    await inviteMembers(handle.db, access, { emails, role: 'member', sendInvite: true, source: 'api' }, 'http://localhost:3000', 10_000);
  } finally {
    await handle.close();
  }
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function worker(): ChildProcess {
  return spawn(process.execPath, [cli, 'worker'], { env: env(), stdio: ['ignore', 'ignore', 'inherit'] });
}

test('a worker killed mid-way through 1,000 emails: after a restart all arrive, duplicates share their Message-ID', { timeout: 120_000 }, async () => {
  await queueInvitations();
  const first = worker();
  await until(() => smtp.received.length >= 150, 'the first 150 emails');
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const atKill = smtp.received.length;
  expect(atKill).toBeLessThan(TOTAL);

  const second = worker();
  const unique = () => new Set(smtp.received.map((m) => m.messageId)).size;
  await until(() => unique() === TOTAL, `all 1,000 distinct emails (have ${unique()}, received ${smtp.received.length}, ${atKill} at the kill)`);
  second.kill('SIGTERM');
  expect(await new Promise((r) => second.once('exit', r))).toBe(0);

  const byRecipient = new Map<string, Set<string | undefined>>();
  for (const m of smtp.received) {
    const to = (m.to && 'text' in m.to ? m.to.text : '').toLowerCase();
    byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(m.messageId));
  }
  expect(byRecipient.size).toBe(TOTAL);
  for (const ids of byRecipient.values()) expect(ids.size).toBe(1);
});
