import { createQueryId, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getMyInvitation } from '../src/domain/me/answer-my-invitation.ts';
import type { DomainError } from '../src/domain/errors.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { bootstrap, call } from './support/client.ts';

// Issue 8: the bell's accept and decline looked an invitation up by id and address with an index
// covering pending invitations only, so every answer read the whole invitations table. Plans are
// checked on PostgreSQL, whose statistics make the planner choose as it would in production.
/** A parameter as SQL text (the lookups bind strings only). */
const literal = (v: unknown): string => `'${String(v).replaceAll("'", "''")}'`;

describe.skipIf(!process.env.DATABASE_URL)('the bell finds an invitation without reading the table (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  test('by id and address, pending or answered, reading only the rows it returns', async () => {
    const { apiToken, org } = await bootstrap(t, 'bell-lookup');
    const db = t.database.db;
    await sql`
      insert into invitations (org_id, email, email_normalized, role, status, token_hash, expires_at, revoked_at)
      select ${org.id}::uuid, 'old' || g || '@bell.test', 'old' || g || '@bell.test', 'member', 'revoked', sha256(g::text::bytea), now(), now()
      from generate_series(1, 20000) g
    `.execute(db);
    const invited = await call(t, 'POST', '/api/v1/orgs/bell-lookup/invitations', { token: apiToken, body: { emails: ['Ann@Bell.test'], role: 'member' } });
    expect(invited.status).toBe(200);
    await sql`analyze invitations`.execute(db);
    const { id } = await db.selectFrom('invitations').select('id').where('emailNormalized', '=', 'ann@bell.test').executeTakeFirstOrThrow();
    const revoked = await db.selectFrom('invitations').select('id').where('emailNormalized', '=', 'old7@bell.test').executeTakeFirstOrThrow();

    // Every statement the lookups issue is captured and explained with its own parameters.
    const statements: RootOperationNode[] = [];
    const capture: KyselyPlugin = {
      transformQuery: (args) => { statements.push(args.node); return args.node; },
      transformResult: async (args) => args.result,
    };
    const looking = db.withPlugin(capture);
    const pending = await getMyInvitation(looking, { email: 'ann@bell.test', emailVerified: true }, id);
    const answered = await getMyInvitation(looking, { email: 'old7@bell.test', emailVerified: true }, revoked.id);
    const other = await getMyInvitation(looking, { email: 'bob@bell.test', emailVerified: true }, id).catch((e: DomainError) => e.code);
    expect({ pending: pending.status, answered: answered.status, other }).toEqual({ pending: 'pending', answered: 'revoked', other: 'invitation_not_found' });

    expect(statements).toHaveLength(3);
    for (const node of statements) {
      const q = db.getExecutor().compileQuery(node, createQueryId());
      const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, format text) ${sql.raw(q.sql.replace(/\$(\d+)/g, (_, n: string) => literal(q.parameters[Number(n) - 1])))}`.execute(db);
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      const blocks = [...text.matchAll(/Buffers: shared (?:hit=(\d+))?\s*(?:read=(\d+))?/g)].map((m) => Number(m[1] ?? 0) + Number(m[2] ?? 0));
      // A keyed lookup touches a handful of pages; reading the table or a whole index touches hundreds.
      expect(Math.max(...blocks), text).toBeLessThan(20);
    }
  });
});
