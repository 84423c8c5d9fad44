import type { Db } from './db.ts';

/**
 * The display name and, for people, the email of a recorded actor reference
 * (`account:<id>`, `token:<id>`, `system:<name>`).
 */
export async function describeActor(db: Db, ref: string | null): Promise<{ name: string; email: string | null }> {
  if (!ref) return { name: 'Guestlist', email: null };
  const [kind, id = ''] = ref.split(/:(.*)/s);
  if (kind === 'account') {
    const row = await db.selectFrom('auth_user').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
    if (row) return { name: row.name || row.email, email: row.email };
  } else if (kind === 'token' && /^[0-9a-f-]{36}$/i.test(id)) {
    const row = await db.selectFrom('api_tokens').select('name').where('id', '=', id).executeTakeFirst();
    if (row) return { name: `API token "${row.name}"`, email: null };
  } else if (kind === 'system') {
    return { name: 'Guestlist', email: null };
  }
  return { name: 'Guestlist', email: null };
}
