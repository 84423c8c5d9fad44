import { sql, type Kysely } from 'kysely';

/**
 * Runs a script of DDL statements one at a time (PGlite's extended protocol takes one statement
 * per query). Statements are separated by a semicolon at the end of a line.
 */
export async function execScript(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
