import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importChunk, type InviteChunk } from '../../src/domain/invitations/import/chunk.ts';
import { importFile, type ChunkLimits } from '../../src/cli/invite/import-file.ts';
import type { ImportSummary } from '../../src/cli/invite/summary.ts';
import type { OrgAccess } from '../../src/domain/actor.ts';
import { bootstrapOrganization } from '../../src/domain/organizations/bootstrap.ts';
import { getOrgAccess } from '../../src/domain/organizations/organization.ts';
import { updateSettings } from '../../src/domain/organizations/update-settings.ts';
import { createTeam } from '../../src/domain/teams/manage-teams.ts';
import type { OrgRole } from '../../src/storage/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let dir: string;
let fileNo = 0;
const context = { publicUrl: 'http://localhost:3000', invitationsPerDay: 1_000_000 };
const silent = { update() {}, stop() {} };

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'guestlist-invite-'));
});
afterAll(async () => {
  await database.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function newOrg(slug: string): Promise<OrgAccess> {
  const boot = await bootstrapOrganization(database.db, { orgSlug: slug, orgName: slug, adminEmail: `admin@${slug}.test`, adminPassword: 'correct horse battery' });
  return (await getOrgAccess(database.db, boot.org.id, { kind: 'system', name: 'test' })).access;
}

interface Options {
  role?: OrgRole;
  send?: boolean;
  limits?: ChunkLimits;
  chunks?: InviteChunk[];
}

/** Writes `text` to a file and imports it as `guestlist invite` does on a database it holds. */
async function importText(org: string, text: string, options: Options = {}): Promise<ImportSummary> {
  const file = join(dir, `people-${++fileNo}.csv`);
  writeFileSync(file, text);
  const sink = (chunk: InviteChunk) => {
    options.chunks?.push(chunk);
    return importChunk(database.db, context, chunk);
  };
  return importFile({ file, org, role: options.role ?? 'member', send: options.send ?? false }, sink, options.limits ?? { lines: 5_000 }, silent);
}

async function membersOf(orgId: string) {
  return database.db.selectFrom('members').select(['email', 'name', 'role', 'status', 'source', 'id']).where('orgId', '=', orgId).orderBy('email').execute();
}

async function count(table: 'invitations' | 'notifications' | 'team_members', orgId: string): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('guestlist invite: the file', () => {
  test('with a header (any order and case): people are added, not invited, with source cli', async () => {
    const acme = await newOrg('hdr');
    const summary = await importText('hdr', 'Name,EMAIL\nAnn Lee,ann@hdr.test\n\n,bob@hdr.test\n');
    expect(summary).toMatchObject({ lines: 2, outcomes: { created: 2 }, problems: [], stopped: false });
    const people = (await membersOf(acme.orgId)).filter((m) => m.role !== 'admin');
    expect(people).toEqual([
      expect.objectContaining({ email: 'ann@hdr.test', name: 'Ann Lee', role: 'member', status: 'pending', source: 'cli' }),
      expect.objectContaining({ email: 'bob@hdr.test', name: null, source: 'cli' }),
    ]);
    expect(await count('invitations', acme.orgId)).toBe(0);
  });

  test('without a header: columns are email, name, role, teams; line numbers count from the first line', async () => {
    await newOrg('nohdr');
    const summary = await importText('nohdr', 'ann@nohdr.test,Ann\r\nnot an address\r\ncid@nohdr.test\r\n');
    expect(summary.outcomes).toEqual({ created: 2, invalid_email: 1 });
    expect(summary.problems).toEqual([{ line: 2, code: 'invalid_email', message: expect.stringContaining('"not an address"') }]);
  });

  test('bad lines are reported with their number and skipped; the rest are imported', async () => {
    const org = await newOrg('bad');
    await createTeam(database.db, org, 'Platform');
    const text = [
      'email,name,role,teams',
      'ok1@bad.test,,,',
      'nope@,,,', // 3: bad address
      'boss@bad.test,,owner,', // 4: unknown role
      'x@bad.test,,,Nowhere', // 5: unknown team
      'y@bad.test,Y,member,Platform,surplus', // 6: too many columns
      ',Nameless,,', // 7: no address
      'OK1@bad.test,,,', // 8: the same address as line 2
      'ok2@bad.test,"Quoted, ""Name""",,', // 9: fine
      'z@bad.test,' + 'n'.repeat(201) + ',,', // 10: name too long
      'ok3@bad.test,,,,,', // 11: empty trailing columns are fine
    ].join('\n');
    const summary = await importText('bad', text);
    expect(summary.outcomes).toEqual({ created: 3, invalid_email: 1, unknown_role: 1, unknown_team: 1, too_many_columns: 1, missing_email: 1, duplicate: 1, invalid_name: 1 });
    expect(summary.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'invalid_email'],
      [4, 'unknown_role'],
      [5, 'unknown_team'],
      [6, 'too_many_columns'],
      [7, 'missing_email'],
      [8, 'duplicate'],
      [10, 'invalid_name'],
    ]);
    expect(summary.problems.find((p) => p.line === 5)?.message).toContain('"Nowhere"');
    expect(summary.problems.find((p) => p.line === 8)?.message).toContain('line 2');
    expect((await membersOf(org.orgId)).map((m) => m.name)).toContain('Quoted, "Name"');
  });

  test('a quote left open is one problem naming its lines; the lines before and after it are imported', async () => {
    await newOrg('quote');
    const summary = await importText('quote', 'a@quote.test\n"b@quote.test,B\nc@quote.test,"C"\nd@quote.test\nrole"s@quote.test\n');
    expect(summary.outcomes).toEqual({ created: 2, invalid_email: 2 });
    expect(summary.problems.map((p) => p.line)).toEqual([2, 5]);
    const unclosed = await importText('quote', 'e@quote.test\n"f@quote.test,F\ng@quote.test\n');
    expect(unclosed.outcomes).toEqual({ created: 1, unreadable: 1 });
    expect(unclosed.problems).toEqual([{ line: 2, code: 'unreadable', message: expect.stringContaining('never closed') }]);
    expect(unclosed.stopped).toBe(false);
  });

  test('per-line roles override --role; teams by name or id, separated by ; or |', async () => {
    const org = await newOrg('roles');
    const platform = await createTeam(database.db, org, 'Platform');
    const design = await createTeam(database.db, org, 'Design');
    const text = `a@roles.test,,admin,Platform\nb@roles.test,,,${design.id}|platform\nc@roles.test,,GUEST,\nd@roles.test,,,Design; Platform\n`;
    const summary = await importText('roles', text, { role: 'member' });
    expect(summary.outcomes).toEqual({ created: 4 });
    const people = Object.fromEntries((await membersOf(org.orgId)).map((m) => [m.email, m]));
    expect([people['a@roles.test']?.role, people['b@roles.test']?.role, people['c@roles.test']?.role, people['d@roles.test']?.role]).toEqual(['admin', 'member', 'guest', 'member']);
    const teams = await database.db.selectFrom('team_members').innerJoin('members', 'members.id', 'team_members.memberId').select(['members.email', 'team_members.teamId']).where('team_members.orgId', '=', org.orgId).execute();
    const of = (email: string) => teams.filter((t) => t.email === email).map((t) => t.teamId).sort();
    expect(of('a@roles.test')).toEqual([platform.id]);
    expect(of('b@roles.test')).toEqual([platform.id, design.id].sort());
    expect(of('c@roles.test')).toEqual([]);
    expect(of('d@roles.test')).toEqual([platform.id, design.id].sort());
  });

  test('an unknown organization stops the import before any line is read', async () => {
    await expect(importText('no-such-org', 'a@x.test\n')).rejects.toMatchObject({ code: 'org_not_found', message: expect.stringContaining('"no-such-org"') });
  });
});

describe('guestlist invite: outcomes', () => {
  test('running the same file again creates nothing new; with --send people are invited once', async () => {
    const org = await newOrg('again');
    const text = 'email,name\nann@again.test,Ann\nbob@again.test,\ncid@again.test,\n';
    expect((await importText('again', text)).outcomes).toEqual({ created: 3 });
    expect((await importText('again', text)).outcomes).toEqual({ member_exists: 3 });
    expect((await importText('again', text, { send: true })).outcomes).toEqual({ invited: 3 });
    expect((await importText('again', text, { send: true })).outcomes).toEqual({ already_invited: 3 });
    expect((await importText('again', text)).outcomes).toEqual({ already_invited: 3 });
    expect((await membersOf(org.orgId)).length).toBe(4);
    expect(await count('invitations', org.orgId)).toBe(3);
  });

  test('--send invites new people; with notifications off they are added and nothing is queued (R5)', async () => {
    const org = await newOrg('mute');
    const sent = await importText('mute', 'a@mute.test\nb@mute.test\n', { send: true });
    expect(sent.outcomes).toEqual({ invited: 2 });
    const queued = await count('notifications', org.orgId);
    expect(queued).toBeGreaterThanOrEqual(2);

    await updateSettings(database.db, org, { notificationsEnabled: false }, { refuseOutboundUrl: async () => undefined });
    const muted = await importText('mute', 'c@mute.test\nd@mute.test\na@mute.test\n', { send: true });
    expect(muted.outcomes).toEqual({ created: 2, already_invited: 1 });
    expect(muted.notices).toEqual({ notifications_disabled: 2 });
    expect(await count('notifications', org.orgId)).toBe(queued);
    expect(await count('invitations', org.orgId)).toBe(2);
  });

  test('the daily invitation cap applies as for the API: lines past it fail, the others are invited', async () => {
    await newOrg('capped');
    const file = join(dir, 'capped.csv');
    writeFileSync(file, 'a@capped.test\nb@capped.test\nc@capped.test\n');
    const summary = await importFile({ file, org: 'capped', role: 'member', send: true }, (chunk) => importChunk(database.db, { ...context, invitationsPerDay: 2 }, chunk), { lines: 5_000 }, silent);
    expect(summary.outcomes).toEqual({ invited: 2, daily_invitation_limit: 1 });
    expect(summary.problems).toEqual([{ line: 3, code: 'daily_invitation_limit', message: expect.any(String) }]);
  });

  test('20,000 lines go in several chunks, never above the chunk bounds; every line is counted once', { timeout: 120_000 }, async () => {
    const org = await newOrg('big');
    const lines = ['email,name,role,teams'];
    for (let i = 0; i < 20_000; i++) lines.push(i % 1000 === 999 ? `broken-${i}` : `person${i}@big.test,,${i % 10 === 0 ? 'guest' : ''},`);
    const chunks: InviteChunk[] = [];
    const summary = await importText('big', `${lines.join('\n')}\n`, { chunks, limits: { lines: 3_000, bytes: 60 * 1024 } });
    expect(summary.lines).toBe(20_000);
    expect(summary.outcomes).toEqual({ created: 19_980, invalid_email: 20 });
    // Problems are counted in full and listed in part.
    expect(summary.problems.length + summary.unlisted).toBe(20);
    const sizes = chunks.map((c) => c.lines.length).filter((n) => n > 0);
    expect(sizes.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3_000);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c.lines.map((l) => [l.line, l.email, l.name, l.role, l.teams])))).toBeLessThanOrEqual(60 * 1024);
    const people = await membersOf(org.orgId);
    expect(people.filter((m) => m.source === 'cli' && m.email.startsWith('person'))).toHaveLength(19_980);
    expect(people.filter((m) => m.role === 'guest')).toHaveLength(2_000);
  });
});
