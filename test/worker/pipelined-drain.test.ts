import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { claimDue, settle } from '../../src/storage/delivery.ts';
import type { EmailTransport, OutgoingEmail } from '../../src/worker/transports/email.ts';
import { drain } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { testWorker } from '../support/worker.ts';

// Claiming the next batch and settling the last one overlap with sending (PRODUCT §5: delivery
// ≥ 500 messages/s). These tests hold sends open to see the overlap, stop a worker mid-way, and
// keep a claimed message waiting for a lane past half its lease.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function queue(slug: string, n: number): Promise<string> {
  const { apiToken, org } = await bootstrap(t, slug);
  const emails = Array.from({ length: n }, (_, i) => `p${i}@${slug}.test`);
  expect((await call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token: apiToken, body: { emails, role: 'member' } })).status).toBe(200);
  return org.id;
}

/** How many of the organization's messages are in each state: claimed (leased, unsettled), sent, untouched. */
async function states(orgId: string): Promise<{ claimed: number; sent: number; untouched: number; other: number }> {
  const rows = await t.database.db.selectFrom('notifications').select(['status', 'attempts', 'lockedUntil']).where('orgId', '=', orgId).execute();
  const out = { claimed: 0, sent: 0, untouched: 0, other: 0 };
  for (const r of rows) {
    if (r.status === 'queued' && r.attempts === 0) out.untouched++;
    else if (r.status === 'queued' && r.lockedUntil !== null) out.claimed++;
    else if (r.status === 'sent' && r.lockedUntil === null) out.sent++;
    else out.other++;
  }
  return out;
}

/** A transport that holds each send open until the test lets it go. */
function heldTransport() {
  const held: { email: OutgoingEmail; release: () => void }[] = [];
  const sent: string[] = [];
  let open = false;
  const transport: EmailTransport = {
    name: 'held',
    async send(email) {
      if (!open) await new Promise<void>((release) => held.push({ email, release }));
      sent.push(email.to);
    },
    async close() {},
  };
  return {
    transport,
    sent,
    held: () => held.length,
    releaseHeld: () => held.splice(0).forEach((h) => h.release()),
    openUp: () => {
      open = true;
      held.splice(0).forEach((h) => h.release());
    },
  };
}

test('the next batch is claimed while the lanes send, the last one is settled while they send the next, and no more than two are claimed', async () => {
  const orgId = await queue('pipe-overlap', 30);
  const sends = heldTransport();
  const draining = drain(testWorker(t, sends.transport, { batchSize: 10, concurrency: 10 }));

  // Batch 1 fills the lanes; batch 2 is claimed meanwhile, batch 3 is not (two claims at most).
  await expect.poll(() => sends.held(), { timeout: 10_000 }).toBe(10);
  await expect.poll(() => states(orgId), { timeout: 10_000 }).toEqual({ claimed: 20, sent: 0, untouched: 10, other: 0 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await states(orgId)).toEqual({ claimed: 20, sent: 0, untouched: 10, other: 0 });

  // Batch 1 is sent: it is settled while batch 2 is in the lanes, and batch 3 is claimed ahead.
  sends.releaseHeld();
  await expect.poll(() => sends.held(), { timeout: 10_000 }).toBe(10);
  await expect.poll(() => states(orgId), { timeout: 10_000 }).toEqual({ claimed: 20, sent: 10, untouched: 0, other: 0 });

  sends.openUp();
  expect(await draining).toBe(30);
  expect(await states(orgId)).toEqual({ claimed: 0, sent: 30, untouched: 0, other: 0 });
  expect(new Set(sends.sent).size).toBe(30);
});

test('a worker stopped mid-way finishes the sends it started, gives back every claimed message it had not started, and claims nothing more', async () => {
  const orgId = await queue('pipe-stop', 60);
  let running = true;
  const sent: string[] = [];
  const stopAtNinth: EmailTransport = {
    name: 'stopping',
    async send(email) {
      sent.push(email.to);
      if (sent.length === 9) running = false;
    },
    async close() {},
  };
  const handled = await drain(testWorker(t, stopAtNinth, { batchSize: 10, concurrency: 4 }), () => running);
  // The ninth send stopped the worker while at most three others were under way; the rest of the
  // two claimed batches went back to the queue untried (attempt given back), due again at once.
  expect(sent.length).toBeGreaterThanOrEqual(9);
  expect(sent.length).toBeLessThanOrEqual(12);
  expect(new Set(sent).size).toBe(sent.length);
  expect(handled).toBe(sent.length);
  expect(await states(orgId)).toEqual({ claimed: 0, sent: sent.length, untouched: 60 - sent.length, other: 0 });
  const due = await sql<{ n: number }>`select count(*)::int as n from notifications where org_id = ${orgId}::uuid and status = 'queued' and run_after <= now()`.execute(t.database.db);
  expect(due.rows[0]!.n).toBe(60 - sent.length);
  // Out of the way of the tests below, which drain every organization.
  await sql`update notifications set run_after = now() + interval '1 day' where org_id = ${orgId}::uuid`.execute(t.database.db);
});

test('a message that waited for a lane past half its lease goes back to the queue untried, its attempt given back', async () => {
  const orgId = await queue('pipe-lease', 20);
  const sends = heldTransport();
  const logged: string[] = [];
  const worker = { ...testWorker(t, sends.transport, { batchSize: 10, concurrency: 10, leaseMs: 3000 }), logger: pino({ level: 'warn' }, { write: (line: string) => { logged.push(line); } }) };
  const first = drain(worker);
  // Batch 2 is claimed while batch 1 holds every lane, and waits there past half of its lease.
  await expect.poll(() => sends.held(), { timeout: 10_000 }).toBe(10);
  await expect.poll(() => states(orgId), { timeout: 10_000 }).toEqual({ claimed: 20, sent: 0, untouched: 0, other: 0 });
  await new Promise((resolve) => setTimeout(resolve, 1700));
  sends.openUp();
  // Released messages are due again at once: this drain or the next one sends them.
  let handled = await first;
  for (let n = await drain(worker); n > 0; n = await drain(worker)) handled += n;
  expect(handled).toBe(20);
  expect(logged.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ released: 10 }));
  const rows = await t.database.db.selectFrom('notifications').select(['status', 'attempts', 'lockedUntil']).where('orgId', '=', orgId).execute();
  expect(rows).toEqual(Array.from({ length: 20 }, () => ({ status: 'sent', attempts: 1, lockedUntil: null })));
  expect(sends.sent).toHaveLength(20);
  expect(new Set(sends.sent).size).toBe(20);
});

test('a released message keeps its payload and last error, and gets its attempt back', async () => {
  const orgId = await queue('pipe-release', 1);
  const db = t.database.db;
  const claim = async () => (await claimDue(db, 'notifications', 50, 60_000)).filter((m) => m.orgId === orgId);
  const [tried] = await claim();
  await settle(db, 'notifications', [{ id: tried!.id, orgId, attempts: tried!.attempts, outcome: 'retry', error: 'SMTP 421 busy', runAfter: new Date() }]);
  const [again] = await claim();
  expect(again!.attempts).toBe(2);
  await settle(db, 'notifications', [{ id: again!.id, orgId, attempts: again!.attempts, outcome: 'released' }]);
  const row = await db.selectFrom('notifications').select(['status', 'attempts', 'lockedUntil', 'lastError', 'payload']).where('id', '=', again!.id).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: 'queued', attempts: 1, lockedUntil: null, lastError: 'SMTP 421 busy' });
  expect(String(row.payload.acceptUrl)).toContain('/invite/');
  await sql`update notifications set run_after = now() + interval '1 day' where org_id = ${orgId}::uuid`.execute(db);
});
