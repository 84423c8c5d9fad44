import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { holdTransaction } from '../support/locks.ts';
import { SHARED_RUNS } from '../../src/domain/invitations/invite-shared.ts';

// Issue 8: small concurrent invites of one organization by one actor share a transaction
// (src/domain/coalesce.ts). Each call must still get its own outcomes and its own audit events,
// two calls naming the same address must end as if one came after the other, and a call that
// fails must not take the others with it.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const invite = (slug: string, token: string, emails: string[]) =>
  call(t, 'POST', `/api/v1/orgs/${slug}/invitations`, { token, body: { emails, role: 'member' } });

async function auditOf(orgId: string) {
  return (await sql<{ action: string; target: string | null; data: { email?: string; count?: number } }>`
    select action, target, data from audit_events where org_id = ${orgId}::uuid and action in ('member.created', 'invitation.created')
  `.execute(t.database.db)).rows;
}

test('concurrent single invites each get their own outcome and their own audit events; the same address twice ends invited once', async () => {
  const { apiToken, org } = await bootstrap(t, 'together');
  const addresses = Array.from({ length: 12 }, (_, i) => `p${i}@together.test`);
  const calls = [...addresses.map((a) => [a]), ['p3@together.test'], ['q1@together.test', 'q2@together.test']];
  const responses = await Promise.all(calls.map((emails) => invite('together', apiToken, emails)));
  expect(responses.map((r) => r.status)).toEqual(calls.map(() => 200));
  for (const [i, res] of responses.entries()) expect(res.body.results.map((r: { email: string }) => r.email)).toEqual(calls[i]);
  const p3 = responses.flatMap((r) => r.body.results).filter((r: { email: string }) => r.email === 'p3@together.test').map((r: { outcome: string }) => r.outcome);
  expect(p3.sort()).toEqual(['already_invited', 'invited']);
  const invited = responses.flatMap((r) => r.body.results).filter((r: { outcome: string }) => r.outcome === 'invited');
  expect(invited).toHaveLength(14);

  const rows = await t.database.db.selectFrom('invitations').select(['id', 'email']).where('orgId', '=', org.id).execute();
  expect(rows.map((r) => r.email).sort()).toEqual([...addresses, 'q1@together.test', 'q2@together.test'].sort());
  expect(new Set(invited.map((r: { invitationId: string }) => r.invitationId))).toEqual(new Set(rows.map((r) => r.id)));
  const emails = await t.database.db.selectFrom('notifications').select('recipient').where('orgId', '=', org.id).where('kind', '=', 'invitation').execute();
  expect(emails.map((e) => e.recipient).sort()).toEqual(rows.map((r) => r.email).sort());

  // One member.created and one invitation.created per call that created and invited: an ordinary
  // event for a one-address call, one naming both for the two-address call; none for the repeat.
  const audit = await auditOf(org.id);
  const created = audit.filter((e) => e.action === 'invitation.created');
  expect(created).toHaveLength(13);
  expect(created.filter((e) => e.target === null).map((e) => e.data.count)).toEqual([2]);
  expect(created.filter((e) => e.target !== null).map((e) => e.target).sort()).toEqual(
    rows.filter((r) => !r.email.startsWith('q')).map((r) => `invitation:${r.id}`).sort(),
  );
  expect(audit.filter((e) => e.action === 'member.created')).toHaveLength(13);
});

describe.skipIf(!process.env.DATABASE_URL)('invites queued behind busy ones (PostgreSQL)', () => {
  /** Holds the organization's row until `release`, so the invites that start meanwhile wait on it. */
  async function holdOrganization(orgId: string) {
    return holdTransaction(t.database.db, async (trx) => {
      await sql`select id from organizations where id = ${orgId}::uuid for update`.execute(trx);
    });
  }

  const waitingOnOrganization = async () => (await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and query like '%from "organizations"%for share%'
  `.execute(t.database.db)).rows[0]!.n;

  /** Starts the invites that wait on the held organization (as many as the runs one kind may have under way), then `more`. */
  async function queueBehindBusy(slug: string, token: string, orgId: string, more: string[]) {
    const hold = await holdOrganization(orgId);
    const busy = Array.from({ length: SHARED_RUNS }, (_, n) => invite(slug, token, [`busy${n}@${slug}.test`]));
    await expect.poll(waitingOnOrganization, { timeout: 5_000 }).toBe(SHARED_RUNS);
    const queued = more.map((email) => invite(slug, token, [email]));
    // Time for the queued calls to pass authentication and join the queue.
    await new Promise((r) => setTimeout(r, 500));
    await hold.release();
    return { busy: await Promise.all(busy), queued: await Promise.all(queued) };
  }

  test('calls that arrive while the runs under way wait go in one transaction, each with its own outcome and events', async () => {
    const { apiToken, org } = await bootstrap(t, 'queued');
    const more = ['m1@queued.test', 'm2@queued.test', 'm3@queued.test'];
    const { busy, queued } = await queueBehindBusy('queued', apiToken, org.id, more);
    for (const res of [...busy, ...queued]) expect(res.body.results[0]).toMatchObject({ outcome: 'invited' });
    const written = await sql<{ email: string; tx: string }>`select email, xmin::text as tx from invitations where org_id = ${org.id}::uuid`.execute(t.database.db);
    const txOf = new Map(written.rows.map((r) => [r.email, r.tx]));
    expect(new Set(more.map((e) => txOf.get(e))).size).toBe(1);
    expect(new Set(written.rows.map((r) => r.tx)).size).toBe(SHARED_RUNS + 1);
    const audit = await auditOf(org.id);
    for (const action of ['member.created', 'invitation.created']) {
      const events = audit.filter((e) => e.action === action);
      expect(events.every((e) => e.target !== null)).toBe(true);
      expect(events.map((e) => e.data.email).sort()).toEqual(written.rows.map((r) => r.email).sort());
    }
  });

  test('when the shared transaction fails, each call runs alone: only the one that cannot succeed fails', async () => {
    const { apiToken, org } = await bootstrap(t, 'queued-bad');
    await sql`create function refuse_bad_address() returns trigger language plpgsql as $$
      begin if new.email_normalized = 'bad@queued-bad.test' then raise exception 'refused by the test'; end if; return new; end $$`.execute(t.database.db);
    await sql`create trigger refuse_bad_address before insert on members for each row execute function refuse_bad_address()`.execute(t.database.db);
    try {
      const { busy, queued } = await queueBehindBusy('queued-bad', apiToken, org.id, ['ok1@queued-bad.test', 'bad@queued-bad.test', 'ok2@queued-bad.test']);
      expect([...busy, ...queued].map((r) => r.status)).toEqual([...busy.map(() => 200), 200, 500, 200]);
      expect(queued[0]!.body.results[0]).toMatchObject({ outcome: 'invited' });
      expect(queued[2]!.body.results[0]).toMatchObject({ outcome: 'invited' });
      const members = await t.database.db.selectFrom('members').select('emailNormalized').where('orgId', '=', org.id).execute();
      expect(members.map((m) => m.emailNormalized)).not.toContain('bad@queued-bad.test');
      const audit = await auditOf(org.id);
      expect(audit.filter((e) => e.action === 'invitation.created').map((e) => e.data.email).sort()).toEqual(
        [...busy.map((_, n) => `busy${n}`), 'ok1', 'ok2'].map((n) => `${n}@queued-bad.test`).sort(),
      );
    } finally {
      await sql`drop trigger refuse_bad_address on members`.execute(t.database.db);
      await sql`drop function refuse_bad_address()`.execute(t.database.db);
    }
  });
});
