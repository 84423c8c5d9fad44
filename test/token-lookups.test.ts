import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { authenticateApiToken, SHARED_LOOKUPS } from '../src/domain/tokens/authenticate-token.ts';
import { bootstrapOrganization } from '../src/domain/organizations/bootstrap.ts';
import { hashSecret } from '../src/domain/secrets.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { statementRecorder } from './support/statements.ts';

// Issue 8: API token lookups that arrive while others are being read share one statement
// (src/domain/tokens/authenticate-token.ts). Each must still get its own token and organization,
// and a lookup must never be answered by a statement that began before its request arrived.
const recorder = statementRecorder();
let d: TestDatabase;
beforeAll(async () => {
  recorder.start();
  d = await createTestDatabase();
});
afterAll(async () => {
  recorder.stop();
  await d.dispose();
});

const bootstrap = (slug: string) => bootstrapOrganization(d.db, { orgSlug: slug, orgName: slug.toUpperCase(), adminEmail: `admin@${slug}.test`, adminPassword: 'correct horse battery' });

const revoke = (token: string) => sql`update api_tokens set revoked_at = now() where token_hash = ${hashSecret(token)}`.execute(d.db);

test('lookups made together each get their own token and organization; revoked and unknown tokens none', async () => {
  const [a, b, c] = [await bootstrap('lookup-a'), await bootstrap('lookup-b'), await bootstrap('lookup-c')];
  await revoke(c.apiToken);
  const tokens = [a.apiToken, b.apiToken, c.apiToken, 'gl_unknown', a.apiToken, b.apiToken, c.apiToken, a.apiToken];
  const actors = await Promise.all(tokens.map((token) => authenticateApiToken(d.db, token)));
  expect(actors.map((x) => x?.org?.slug ?? null)).toEqual(['lookup-a', 'lookup-b', null, null, 'lookup-a', 'lookup-b', null, 'lookup-a']);
  expect(actors.map((x) => x?.orgId ?? null)).toEqual(['lookup-a', 'lookup-b', null, null, 'lookup-a', 'lookup-b', null, 'lookup-a'].map((s) => (s === 'lookup-a' ? a.org.id : s === 'lookup-b' ? b.org.id : null)));
});

describe.skipIf(!process.env.DATABASE_URL)('statements (PostgreSQL)', () => {
  const tokenStatements = () => recorder.texts.filter((t) => t.includes('from api_tokens t join organizations')).length;

  test(`six lookups in one moment: ${SHARED_LOOKUPS} start at once, the others share the next statement`, async () => {
    const { apiToken } = await bootstrap('lookup-shared');
    await authenticateApiToken(d.db, apiToken); // stamps last use, so the lookups below write nothing
    const before = tokenStatements();
    const actors = await Promise.all(Array.from({ length: 6 }, () => authenticateApiToken(d.db, apiToken)));
    expect(actors.every((x) => x?.org?.slug === 'lookup-shared')).toBe(true);
    expect(tokenStatements() - before).toBe(SHARED_LOOKUPS + 1);
  });

});

test('a lookup asked for after the token was revoked is refused, even while earlier lookups of it are under way', async () => {
  const { apiToken } = await bootstrap('lookup-revoked');
  const earlier = [authenticateApiToken(d.db, apiToken), authenticateApiToken(d.db, apiToken)];
  await revoke(apiToken);
  const later = authenticateApiToken(d.db, apiToken);
  await Promise.all(earlier); // accepted or not: they raced the revoke
  expect(await later).toBeUndefined();
});
