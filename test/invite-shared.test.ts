import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OrgAccess } from '../src/domain/actor.ts';
import { inviteMembers, type InviteInput } from '../src/domain/invitations/invite.ts';
import { SHARED_RUNS } from '../src/domain/invitations/invite-shared.ts';
import { bootstrapOrganization } from '../src/domain/organizations/bootstrap.ts';
import { isSingleConnection } from '../src/storage/pglite-dialect.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { holdTransaction } from './support/locks.ts';

// Issue 8: small concurrent invites share a transaction (src/domain/invitations/invite-shared.ts).
// Calls made in one tick reach the coalescer in order. On PostgreSQL the first `busy` calls each
// start a run of their own (the runs a kind may have under way) and the rest wait and share the
// next run; on the embedded database the first run gathers a turn and takes them all. Either way
// which calls share is known here without timing.
let d: TestDatabase;
beforeAll(async () => { d = await createTestDatabase(); });
afterAll(async () => { await d.dispose(); });

const busy = () => (isSingleConnection(d.db) ? 1 : SHARED_RUNS);

async function organization(slug: string): Promise<OrgAccess> {
  const r = await bootstrapOrganization(d.db, { orgSlug: slug, orgName: slug, adminEmail: `admin@${slug}.test`, adminPassword: 'correct horse battery' });
  return { orgId: r.org.id, actor: { kind: 'system', name: 'test' }, role: 'admin' };
}

const input = (emails: string[], extra: Partial<InviteInput> = {}): InviteInput => ({ emails, role: 'member', sendInvite: true, source: 'api', ...extra });

/** The busy calls' own invites, started first (each alone). */
const busyCalls = (access: OrgAccess, slug: string, perDay: number, extra: Partial<InviteInput> = {}) =>
  Array.from({ length: busy() }, (_, i) => inviteMembers(d.db, access, input([`busy${i}@${slug}.test`], extra), 'http://guestlist.test', perDay));

/** The organization's member.created / member.updated events, as (target, count of items). */
async function memberEvents(orgId: string, action: string) {
  return (await sql<{ target: string | null; count: number | null }>`
    select target, (data->>'count')::int as count from audit_events where org_id = ${orgId}::uuid and action = ${action}
  `.execute(d.db)).rows;
}

const idOf = async (orgId: string, email: string) =>
  (await d.db.selectFrom('members').select('id').where('orgId', '=', orgId).where('emailNormalized', '=', email).executeTakeFirstOrThrow()).id;

/** The transaction (xmin) that wrote each of these addresses' member rows. */
async function transactionsOf(orgId: string, emails: string[]): Promise<string[]> {
  const rows = await sql<{ email: string; tx: string }>`select email_normalized as email, xmin::text as tx from members where org_id = ${orgId}::uuid`.execute(d.db);
  const txOf = new Map(rows.rows.map((r) => [r.email, r.tx]));
  return emails.map((e) => txOf.get(e)!);
}

test('near the daily cap, calls sharing a transaction: an address that sends nothing takes no other call\'s place', async () => {
  const access = await organization('cap-share');
  await sql`insert into members (org_id, email, email_normalized, role, source, status)
    values (${access.orgId}::uuid, 'gone@cap-share.test', 'gone@cap-share.test', 'member', 'api', 'deactivated')`.execute(d.db);
  const perDay = busy() + 2;
  const first = busyCalls(access, 'cap-share', perDay);
  const deactivated = inviteMembers(d.db, access, input(['gone@cap-share.test']), 'http://guestlist.test', perDay);
  const one = inviteMembers(d.db, access, input(['n1@cap-share.test']), 'http://guestlist.test', perDay);
  const other = inviteMembers(d.db, access, input(['n2@cap-share.test']), 'http://guestlist.test', perDay);
  await Promise.all(first);
  expect((await deactivated).results.map((r) => r.code)).toEqual(['member_deactivated']);
  expect([...(await one).results, ...(await other).results].map((r) => r.outcome)).toEqual(['invited', 'invited']);
  // Still one transaction: near the cap the calls are not split up.
  const [a, b] = await transactionsOf(access.orgId, ['n1@cap-share.test', 'n2@cap-share.test']);
  expect(a).toBe(b);
});

test('shared calls keep R2, R3 and R5: each call its own outcomes and member.created event, nothing queued while muted', async () => {
  const access = await organization('rules-share');
  await sql`insert into members (org_id, email, email_normalized, role, source, status)
    values (${access.orgId}::uuid, 'here@rules-share.test', 'here@rules-share.test', 'member', 'api', 'deactivated')`.execute(d.db);
  await sql`update organizations set notifications_enabled = false where id = ${access.orgId}::uuid`.execute(d.db);
  const first = busyCalls(access, 'rules-share', 1_000_000);
  const call = (emails: string[], extra: Partial<InviteInput> = {}) => inviteMembers(d.db, access, input(emails, extra), 'http://guestlist.test', 1_000_000);
  const [one, member, two, quiet] = [call(['a@rules-share.test']), call(['here@rules-share.test']), call(['b@rules-share.test', 'c@rules-share.test']), call(['d@rules-share.test'], { sendInvite: false })];
  await Promise.all(first);
  expect((await one).results).toMatchObject([{ outcome: 'created', code: 'notifications_disabled' }]);
  expect((await member).results).toMatchObject([{ outcome: 'failed', code: 'member_deactivated' }]);
  expect((await two).results).toMatchObject([{ outcome: 'created', code: 'notifications_disabled' }, { outcome: 'created', code: 'notifications_disabled' }]);
  expect((await quiet).results).toEqual([expect.objectContaining({ outcome: 'created' })]);
  expect((await quiet).results[0]!.code).toBeUndefined();
  // They did share (R5 and R3 checked inside one transaction), and nothing was queued (R5).
  const [a, b] = await transactionsOf(access.orgId, ['a@rules-share.test', 'b@rules-share.test']);
  expect(b).toBe(a);
  const queued = await sql<{ n: number }>`select count(*)::int as n from notifications where org_id = ${access.orgId}::uuid`.execute(d.db);
  expect(queued.rows[0]!.n).toBe(0);
  const created = await memberEvents(access.orgId, 'member.created');
  const ids = await Promise.all(['a', 'd', ...Array.from({ length: busy() }, (_, i) => `busy${i}`)].map((n) => idOf(access.orgId, `${n}@rules-share.test`)));
  expect(created.filter((e) => e.target !== null).map((e) => e.target).sort()).toEqual(ids.map((id) => `member:${id}`).sort());
  expect(created.filter((e) => e.target === null).map((e) => e.count)).toEqual([2]);
});

test('shared calls re-inviting pending members as guests: each call its own member.updated event; every member gets the role, apps and teams', async () => {
  const access = await organization('re-share');
  const team = await sql<{ id: string }>`insert into teams (org_id, name) values (${access.orgId}::uuid, 'Crew') returning id`.execute(d.db);
  const app = await sql<{ id: string }>`insert into apps (org_id, name) values (${access.orgId}::uuid, 'Portal') returning id`.execute(d.db);
  for (const email of ['p1@re-share.test', 'p2@re-share.test']) {
    await sql`insert into members (org_id, email, email_normalized, role, source) values (${access.orgId}::uuid, ${email}, ${email}, 'member', 'api')`.execute(d.db);
  }
  const options: Partial<InviteInput> = { role: 'guest', apps: [{ appId: app.rows[0]!.id, appRole: 'read' }], teams: [team.rows[0]!.id] };
  const first = busyCalls(access, 're-share', 1_000_000, options);
  const call = (emails: string[]) => inviteMembers(d.db, access, input(emails, options), 'http://guestlist.test', 1_000_000);
  const reports = await Promise.all([call(['p1@re-share.test', 'new1@re-share.test']), call(['p2@re-share.test']), ...first]);
  for (const report of reports) for (const r of report.results) expect(r.outcome).toBe('invited');
  const [p1, p2] = await Promise.all(['p1', 'p2'].map((n) => idOf(access.orgId, `${n}@re-share.test`)));
  const [tx1, tx2] = await transactionsOf(access.orgId, ['p1@re-share.test', 'p2@re-share.test']);
  expect(tx2).toBe(tx1);
  expect((await memberEvents(access.orgId, 'member.updated')).map((e) => e.target).sort()).toEqual([`member:${p1}`, `member:${p2}`].sort());
  const everyone = 3 + busy();
  const roles = await d.db.selectFrom('members').select('role').where('orgId', '=', access.orgId).where('email', 'like', '%@re-share.test').execute();
  expect(roles.filter((r) => r.role === 'guest')).toHaveLength(everyone);
  const grants = await sql<{ apps: number; teams: number }>`
    select (select count(*)::int from app_access where org_id = ${access.orgId}::uuid) as apps,
      (select count(*)::int from team_members where org_id = ${access.orgId}::uuid) as teams`.execute(d.db);
  expect(grants.rows[0]).toEqual({ apps: everyone, teams: everyone });
});

test('calls share only with calls of the same kind: other teams, role, sending, source or actor run apart', async () => {
  const access = await organization('kinds');
  const team = await sql<{ id: string }>`insert into teams (org_id, name) values (${access.orgId}::uuid, 'Crew') returning id`.execute(d.db);
  const other: [string, OrgAccess, Partial<InviteInput>][] = [
    ['team@kinds.test', access, { teams: [team.rows[0]!.id] }],
    ['admin@kinds.test', access, { role: 'admin' }],
    ['quiet@kinds.test', access, { sendInvite: false }],
    ['console@kinds.test', access, { source: 'console' }],
    ['robot@kinds.test', { ...access, actor: { kind: 'system', name: 'other' } }, {}],
  ];
  const first = busyCalls(access, 'kinds', 1_000_000);
  const calls = [
    inviteMembers(d.db, access, input(['plain1@kinds.test']), 'http://guestlist.test', 1_000_000),
    ...other.map(([email, who, extra]) => inviteMembers(d.db, who, input([email], extra), 'http://guestlist.test', 1_000_000)),
    inviteMembers(d.db, access, input(['plain2@kinds.test']), 'http://guestlist.test', 1_000_000),
  ];
  await Promise.all([...first, ...calls]);
  const [plain1, plain2, ...apart] = await transactionsOf(access.orgId, ['plain1@kinds.test', 'plain2@kinds.test', ...other.map(([e]) => e)]);
  expect(plain2).toBe(plain1);
  for (const tx of apart) expect(tx).not.toBe(plain1);
  expect(new Set(apart).size).toBe(apart.length);
});

test('calls made in one moment: on PostgreSQL the first start at once and the rest share; on the embedded database all share', async () => {
  const access = await organization('moment');
  const emails = Array.from({ length: 6 }, (_, i) => `m${i}@moment.test`);
  await Promise.all(emails.map((e) => inviteMembers(d.db, access, input([e]), 'http://guestlist.test', 1_000_000)));
  const transactions = new Set(await transactionsOf(access.orgId, emails));
  // The embedded database lets a turn of the event loop pass before a run takes its calls
  // (gatherTurn): its statements would otherwise never let a request in while a run is under way.
  expect(transactions.size).toBe(isSingleConnection(d.db) ? 1 : SHARED_RUNS + 1);
});

describe.skipIf(!process.env.DATABASE_URL)('a shared run the database refuses as a whole (PostgreSQL)', () => {
  let slow: TestDatabase;
  beforeAll(async () => { slow = await createTestDatabase({ lockTimeoutMs: 300 }); });
  afterAll(async () => { await slow.dispose(); });

  test('fails every call with its error at once instead of running each again', async () => {
    const r = await bootstrapOrganization(slow.db, { orgSlug: 'held', orgName: 'Held', adminEmail: 'admin@held.test', adminPassword: 'correct horse battery' });
    const access: OrgAccess = { orgId: r.org.id, actor: { kind: 'system', name: 'test' }, role: 'admin' };
    const hold = await holdTransaction(slow.db, async (trx) => {
      await sql`select id from organizations where id = ${access.orgId}::uuid for update`.execute(trx);
    });
    const call = (email: string) => inviteMembers(slow.db, access, input([email]), 'http://guestlist.test', 1_000_000).then(() => undefined, (e: unknown) => e);
    const first = Array.from({ length: SHARED_RUNS }, (_, n) => call(`busy${n}@held.test`));
    const queued = ['q1@held.test', 'q2@held.test', 'q3@held.test'].map(call);
    const errors = await Promise.all(queued);
    await hold.release();
    for (const e of await Promise.all(first)) expect(e).toMatchObject({ code: '55P03' });
    expect(errors[0]).toMatchObject({ code: '55P03' });
    // One error, shared: the queued calls were not each run again (each would wait out the lock timeout once more).
    expect(errors[1]).toBe(errors[0]);
    expect(errors[2]).toBe(errors[0]);
  });

  test('a lock timeout on one address once people are written fails only the call that named it (R1)', async () => {
    const r = await bootstrapOrganization(slow.db, { orgSlug: 'row-held', orgName: 'Row held', adminEmail: 'admin@row-held.test', adminPassword: 'correct horse battery' });
    const access: OrgAccess = { orgId: r.org.id, actor: { kind: 'system', name: 'test' }, role: 'admin' };
    const heldEmails = [...Array.from({ length: SHARED_RUNS }, (_, n) => `busy${n}@row-held.test`), 'held@row-held.test'];
    for (const email of heldEmails) {
      await sql`insert into members (org_id, email, email_normalized, role, source) values (${access.orgId}::uuid, ${email}, ${email}, 'member', 'api')`.execute(slow.db);
    }
    const hold = await holdTransaction(slow.db, async (trx) => {
      await sql`select id from members where org_id = ${access.orgId}::uuid and email_normalized = any(${heldEmails}) for update`.execute(trx);
    });
    const call = (email: string) => inviteMembers(slow.db, access, input([email]), 'http://guestlist.test', 1_000_000).then((report) => report.results[0], (e: unknown) => e);
    const first = heldEmails.slice(0, SHARED_RUNS).map(call);
    const queued = ['held@row-held.test', 'free1@row-held.test', 'free2@row-held.test'].map(call);
    const [heldOutcome, free1, free2] = await Promise.all(queued);
    await hold.release();
    for (const e of await Promise.all(first)) expect(e).toMatchObject({ code: '55P03' });
    expect(heldOutcome).toMatchObject({ code: '55P03' });
    expect(free1).toMatchObject({ outcome: 'invited' });
    expect(free2).toMatchObject({ outcome: 'invited' });
  });
});
