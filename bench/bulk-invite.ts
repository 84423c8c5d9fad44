/**
 * Bulk invite: one inviteMembers call with N new addresses (members + invitations + outbox +
 * audit), against a raw multi-row INSERT of the same rows measured in the same run.
 *
 *   npm run bench:invite                    # PGlite, N=10000 and N=1000
 *   DATABASE_URL=postgres://... npm run bench:invite
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { inviteMembers } from '../src/domain/invitations/invite.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/database.ts';

const TARGET_MS = 500;
const TARGET_RATIO = 4;
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);

async function newOrg(t: TestDatabase, slug: string): Promise<string> {
  const org = await t.db.insertInto('organizations').values({ slug, name: slug, slackWebhookUrl: null }).returning('id').executeTakeFirstOrThrow();
  return org.id;
}

/** The same rows the use case writes, by plain multi-row INSERTs in one transaction. */
async function rawInsert(t: TestDatabase, orgId: string, emails: string[]): Promise<number> {
  const started = performance.now();
  await t.db.transaction().execute(async (trx) => {
    for (let i = 0; i < emails.length; i += 1000) {
      const chunk = emails.slice(i, i + 1000);
      const members = await sql<{ id: string }>`insert into members (org_id, email, email_normalized, role, source) values ${sql.join(chunk.map((e) => sql`(${orgId}::uuid, ${e}, ${e}, 'member', 'api')`))} returning id`.execute(trx);
      const expires = new Date(Date.now() + 7 * 86_400_000);
      await sql`insert into invitations (org_id, member_id, email, email_normalized, role, token_hash, expires_at) values ${sql.join(members.rows.map((m, j) => sql`(${orgId}::uuid, ${m.id}::uuid, ${chunk[j]}, ${chunk[j]}, 'member', ${randomBytes(32)}, ${expires})`))}`.execute(trx);
      await sql`insert into notifications (org_id, channel, kind, recipient, payload) values ${sql.join(chunk.map((e) => sql`(${orgId}::uuid, 'email', 'invitation', ${e}, ${JSON.stringify({ acceptUrl: 'x' })}::jsonb)`))}`.execute(trx);
      await sql`insert into audit_events (org_id, actor, action, target) values ${sql.join(members.rows.map((m) => sql`(${orgId}::uuid, 'bench', 'invitation.created', ${m.id})`))}`.execute(trx);
    }
  });
  return performance.now() - started;
}

/** The daily invitation cap is counted as usual, but set high enough never to stop a benchmark. */
const UNCAPPED = 1_000_000_000;

async function useCase(t: TestDatabase, orgId: string, emails: string[]): Promise<number> {
  const access = { orgId, role: 'admin' as const, actor: { kind: 'system' as const, name: 'bench' } };
  const started = performance.now();
  const report = await inviteMembers(t.db, access, { emails, role: 'member', sendInvite: true, source: 'api' }, 'http://localhost:3000', UNCAPPED);
  const ms = performance.now() - started;
  if (report.counts.invited !== emails.length) throw new Error(`expected ${emails.length} invited, got ${JSON.stringify(report.counts)}`);
  return ms;
}

const t = await createTestDatabase();
try {
  const warm = await newOrg(t, 'warmup');
  await useCase(t, warm, Array.from({ length: 200 }, (_, i) => `w${i}@warm.test`));
  await rawInsert(t, warm, Array.from({ length: 200 }, (_, i) => `r${i}@warm.test`));
  for (const n of sizes) {
    const emails = (p: string) => Array.from({ length: n }, (_, i) => `${p}${i}@bench.test`);
    const raw = await rawInsert(t, await newOrg(t, `raw-${n}`), emails('raw'));
    const uc = await useCase(t, await newOrg(t, `uc-${n}`), emails('uc'));
    const ratio = uc / raw;
    console.log(
      `bulk invite ${t.kind} n=${n}: ${uc.toFixed(0)} ms (${Math.round((n / uc) * 1000)}/s); raw insert ${raw.toFixed(0)} ms; ratio ${ratio.toFixed(2)}x` +
        (n === 10_000 ? ` | target <= ${TARGET_MS} ms and <= ${TARGET_RATIO}x raw: ${uc <= TARGET_MS && ratio <= TARGET_RATIO ? 'met' : 'NOT met'}` : ''),
    );
  }
} finally {
  await t.dispose();
}
