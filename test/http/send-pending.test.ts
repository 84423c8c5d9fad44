import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { invitationEmailPayload } from '../../src/domain/invitations/invitation.ts';
import { hashSecret } from '../../src/domain/secrets.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { countRows } from '../support/invitations.ts';

// "Send to all pending" answers counts and its failures only: an organization may have 100,000
// pending members, and a result per member cost the server half a gigabyte to hold and send.
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ INVITATIONS_PER_DAY_PER_ORG: '100000' }); });
afterAll(async () => { await t.close(); });

async function addPending(orgId: string, n: number, domain: string): Promise<void> {
  await sql`insert into members (org_id, email, email_normalized, role, source)
    select ${orgId}::uuid, 'p' || g || '@' || ${domain}, 'p' || g || '@' || ${domain}, 'member', 'api' from generate_series(1, ${n}::int) g`.execute(t.database.db);
}

/** Every queued email of the organization is the one invitationEmailPayload makes for its invitation, and its link's token is the invitation's. */
async function expectPayloadsOfInvitations(orgId: string, kind: string, expected: number): Promise<void> {
  const org = await t.database.db.selectFrom('organizations').select(['id', 'name', 'slug']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const rows = await sql<{ payload: Record<string, string>; tokenHash: Buffer; invitationId: string; memberId: string; email: string; name: string | null; role: 'member'; expiresAt: Date }>`
    select n.payload, i.token_hash, i.id as invitation_id, i.member_id, m.email, m.name, m.role, i.expires_at
    from notifications n join invitations i on i.org_id = n.org_id and i.id = (n.payload->>'invitationId')::uuid
    join members m on m.org_id = i.org_id and m.id = i.member_id
    where n.org_id = ${orgId}::uuid and n.kind = ${kind} and i.status = 'pending'`.execute(t.database.db);
  expect(rows.rows).toHaveLength(expected);
  for (const r of rows.rows) {
    const token = r.payload.acceptUrl!.split('/invite/')[1]!;
    expect(hashSecret(token).equals(r.tokenHash)).toBe(true);
    expect(r.payload).toEqual(invitationEmailPayload(
      { invitationId: r.invitationId, memberId: r.memberId, email: r.email, name: r.name, orgId: org.id, orgName: org.name, orgSlug: org.slug, inviterName: `An administrator of ${org.name}`, role: r.role, expiresAt: r.expiresAt },
      t.config.publicUrl,
      token,
    ));
  }
}

describe('send to all pending (R4)', () => {
  test('answers the counts and no result per member; a named send still answers one result per name', async () => {
    const { apiToken, org } = await bootstrap(t, 'sp-shape');
    await addPending(org.id, 120, 'shape.test');
    const res = await call(t, 'POST', '/api/v1/orgs/sp-shape/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [], counts: { invited: 120, resent: 0, failed: 0 }, summarized: true });
    expect(await countRows(t, 'invitations', org.id)).toBe(120);
    expect(await countRows(t, 'notifications', org.id)).toBe(120);

    const named = await call(t, 'POST', '/api/v1/orgs/sp-shape/invitations/send', { token: apiToken, body: { members: ['p1@shape.test', 'nobody@shape.test'] } });
    expect(named.body.summarized).toBe(false);
    expect(named.body.results.map((r: { member: string; outcome: string }) => [r.member, r.outcome])).toEqual([['nobody@shape.test', 'failed'], ['p1@shape.test', 'resent']]);
  });

  test('each email is the invitation email of its invitation, with the link of its current token; resends too', async () => {
    const { apiToken, org } = await bootstrap(t, 'sp-payload');
    await addPending(org.id, 7, 'payload.test');
    await t.database.db.updateTable('members').set({ name: 'Seven' }).where('orgId', '=', org.id).where('emailNormalized', '=', 'p7@payload.test').execute();
    expect((await call(t, 'POST', '/api/v1/orgs/sp-payload/invitations/send', { token: apiToken, body: { scope: 'pending' } })).body.counts).toEqual({ invited: 7, resent: 0, failed: 0 });
    await expectPayloadsOfInvitations(org.id, 'invitation', 7);

    const again = await call(t, 'POST', '/api/v1/orgs/sp-payload/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    expect(again.body.counts).toEqual({ invited: 0, resent: 7, failed: 0 });
    await expectPayloadsOfInvitations(org.id, 'invitation_resend', 7);
    const superseded = await sql<{ n: number }>`select count(*)::int as n from invitation_superseded_tokens where org_id = ${org.id}::uuid`.execute(t.database.db);
    expect(superseded.rows[0]!.n).toBe(7);
    const sends = await sql<{ n: number }>`select sum(sent)::int as n from invitation_sends where org_id = ${org.id}::uuid`.execute(t.database.db);
    expect(sends.rows[0]!.n).toBe(14);
    const created = await call(t, 'GET', '/api/v1/orgs/sp-payload/audit-events?action=invitation.created', { token: apiToken });
    expect(created.body.items.map((e: { data: { count: number } }) => e.data.count)).toEqual([7]);
    const resent = await call(t, 'GET', '/api/v1/orgs/sp-payload/audit-events?action=invitation.resent', { token: apiToken });
    expect(resent.body.items.map((e: { data: { count: number } }) => e.data.count)).toEqual([7]);
  });

  test('a mute committed during the send stops it, and the members it did not reach are reported as failed', async () => {
    const { apiToken, org } = await bootstrap(t, 'sp-mute');
    // Several slices (150 members each on the embedded database, 5,000 on PostgreSQL), so the mute lands between two.
    const n = t.database.kind === 'postgres' ? 12_000 : 1_500;
    await addPending(org.id, n, 'mute.test');
    const send = call(t, 'POST', '/api/v1/orgs/sp-mute/invitations/send', { token: apiToken, body: { scope: 'pending' } });
    while ((await countRows(t, 'invitations', org.id)) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const mute = await call(t, 'PATCH', '/api/v1/orgs/sp-mute/settings', { token: apiToken, body: { notificationsEnabled: false } });
    expect(mute.status).toBe(200);
    const res = await send;

    expect(res.status).toBe(200);
    const { invited, resent, failed } = res.body.counts;
    expect(invited).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(invited + failed).toBe(n);
    expect(resent).toBe(0);
    expect(res.body.summarized).toBe(true);
    expect(res.body.results).toHaveLength(Math.min(failed, 100));
    for (const r of res.body.results) expect(r).toMatchObject({ outcome: 'failed', code: 'notifications_disabled' });
    const listed: string[] = res.body.results.map((r: { memberId: string }) => r.memberId);
    expect([...listed].sort()).toEqual(listed);
    const listedInvited = await t.database.db.selectFrom('invitations').select('id').where('orgId', '=', org.id).where('memberId', 'in', listed).execute();
    expect(listedInvited).toEqual([]);
    expect(await countRows(t, 'invitations', org.id)).toBe(invited);
    expect(await countRows(t, 'notifications', org.id)).toBe(invited);
  });
});
