import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';
import { expireInvitation, latestInviteToken } from '../support/invitations.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('revoking an older invitation and removing the member (issue 6, item 8)', () => {
  test('an expired invitation with a newer pending one: revoke + removeMember removes the member and ends both', async () => {
    const { apiToken, org } = await bootstrap(t, 'revoke-old');
    const first = await call(t, 'POST', '/api/v1/orgs/revoke-old/invitations', { token: apiToken, body: { emails: ['old@revoke.test'], role: 'member' } });
    const { invitationId: oldId, memberId } = first.body.results[0];
    await expireInvitation(t, oldId);
    // Sending again writes the old one `expired` and issues a newer pending invitation.
    const sent = await call(t, 'POST', '/api/v1/orgs/revoke-old/invitations/send', { token: apiToken, body: { members: [memberId] } });
    expect(sent.body.results[0].outcome).toBe('invited');
    const newId = sent.body.results[0].invitationId as string;
    const newToken = await latestInviteToken(t, 'old@revoke.test');

    const revoked = await call(t, 'POST', `/api/v1/orgs/revoke-old/invitations/${oldId}/revoke`, { token: apiToken, body: { removeMember: true } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');

    const member = await t.database.db.selectFrom('members').select('id').where('orgId', '=', org.id).where('id', '=', memberId).execute();
    expect(member).toEqual([]);
    const newer = await call(t, 'GET', `/api/v1/orgs/revoke-old/invitations/${newId}`, { token: apiToken });
    expect(newer.body.status).toBe('revoked');
    const preview = await call(t, 'POST', '/api/v1/invite/preview', { body: { token: newToken } });
    expect(preview.status).toBe(410);
    expect(preview.body.code).toBe('invitation_revoked');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'target']).where('orgId', '=', org.id).where('action', 'in', ['invitation.revoked', 'member.removed']).execute();
    expect(audit).toEqual(expect.arrayContaining([
      { action: 'invitation.revoked', target: `invitation:${oldId}` },
      { action: 'invitation.revoked', target: `invitation:${newId}` },
      { action: 'member.removed', target: `member:${memberId}` },
    ]));
  });
});

// PGlite runs in this process, on this process's clock, so the two clocks cannot disagree there;
// a separate PostgreSQL server is where they can.
describe.skipIf(!process.env.DATABASE_URL)('one clock for expiry, the database\'s (issue 6, item 12)', () => {
  /** Moves an invitation's expiry relative to the database's clock. */
  async function expireIn(invitationId: string, interval: string): Promise<void> {
    await sql`update invitations set expires_at = now() + ${interval}::interval where id = ${invitationId}::uuid`.execute(t.database.db);
  }

  test('a new invitation and a resend expire invitationTtlDays after the database clock, not the application one', async () => {
    const { apiToken } = await bootstrap(t, 'clock-new');
    await call(t, 'PATCH', '/api/v1/orgs/clock-new/settings', { token: apiToken, body: { invitationTtlDays: 3 } });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
    let invitationId: string;
    try {
      const res = await call(t, 'POST', '/api/v1/orgs/clock-new/invitations', { token: apiToken, body: { emails: ['new@clock.test'], role: 'member' } });
      invitationId = res.body.results[0].invitationId;
    } finally {
      vi.useRealTimers();
    }
    const offBy = async () => {
      const row = await sql<{ seconds: number; sent: number }>`
        select abs(extract(epoch from (expires_at - now() - interval '3 days')))::float8 as seconds,
          abs(extract(epoch from (last_sent_at - now())))::float8 as sent
        from invitations where id = ${invitationId}::uuid
      `.execute(t.database.db);
      return row.rows[0]!;
    };
    expect((await offBy()).seconds).toBeLessThan(60);
    expect((await offBy()).sent).toBeLessThan(60);
    const payload = await sql<{ ok: boolean }>`
      select (n.payload->>'expiresAt')::timestamptz = i.expires_at as ok from notifications n join invitations i on i.id::text = n.payload->>'invitationId'
      where i.id = ${invitationId}::uuid
    `.execute(t.database.db);
    expect(payload.rows).toEqual([{ ok: true }]);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 3_600_000);
    try {
      expect((await call(t, 'POST', `/api/v1/orgs/clock-new/invitations/${invitationId}/resend`, { token: apiToken })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect((await offBy()).seconds).toBeLessThan(60);
    expect((await offBy()).sent).toBeLessThan(60);
  });

  test('every read and filter agrees on expired, whichever clock the application has', async () => {
    const { apiToken } = await bootstrap(t, 'clock-read');
    const res = await call(t, 'POST', '/api/v1/orgs/clock-read/invitations', { token: apiToken, body: { emails: ['a@clock.test', 'b@clock.test'], role: 'member' } });
    const [a, b] = res.body.results as { invitationId: string; memberId: string }[];
    // a's expiry lies a little ahead of the database clock, b's a little behind it: whatever the
    // application's clock says, a is pending and b is expired.
    await expireIn(a!.invitationId, '20 seconds');
    await expireIn(b!.invitationId, '-20 seconds');
    // The application's clock runs a minute fast (only Date is faked; timers stay real).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    try {
      const one = await call(t, 'GET', `/api/v1/orgs/clock-read/invitations/${a!.invitationId}`, { token: apiToken });
      expect(one.body.status).toBe('pending');
      const pending = await call(t, 'GET', '/api/v1/orgs/clock-read/invitations?status=pending', { token: apiToken });
      expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([a!.invitationId]);
      const expired = await call(t, 'GET', '/api/v1/orgs/clock-read/invitations?status=expired', { token: apiToken });
      expect(expired.body.items.map((i: { id: string }) => i.id)).toEqual([b!.invitationId]);
      const member = await call(t, 'GET', `/api/v1/orgs/clock-read/members/${a!.memberId}`, { token: apiToken });
      expect(member.body.badge).toBe('invited');
      const tokenA = await latestInviteToken(t, 'a@clock.test');
      expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token: tokenA } })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});
