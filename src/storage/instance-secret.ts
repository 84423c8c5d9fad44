import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/**
 * The instance's signing secret (sessions, CSRF), made once and kept in the database so that
 * every web and worker process against the same database shares it without configuration.
 */
export async function getInstanceSecret(db: Db): Promise<string> {
  await db
    .insertInto('instance_secret')
    .values({ secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('instance_secret').select('secret').executeTakeFirstOrThrow();
  return row.secret;
}
