import { sql } from 'kysely';
import type { Db } from './db.ts';
import { isId } from './ids.ts';

export interface ActorDescription {
  name: string;
  /** Where to write to the actor: people only. */
  email: string | null;
}

/** Whether describeActors can give this reference an address: only people (`account:`) have one. */
export function mayHaveAddress(ref: string | null): boolean {
  return ref?.startsWith('account:') ?? false;
}

/**
 * Names (and, for people, addresses) of recorded actor references (`account:<id>`, `token:<id>`,
 * `system:<name>`), in one statement whatever their number (a constant text: it stays prepared).
 * Unknown references are left out.
 */
export async function describeActors(db: Db, refs: readonly (string | null)[]): Promise<Map<string, ActorDescription>> {
  const ids = (kind: string) => [...new Set(refs.flatMap((r) => (r?.startsWith(`${kind}:`) ? [r.slice(kind.length + 1)] : [])))];
  const accountIds = ids('account');
  const tokenIds = ids('token').filter(isId);
  const described = new Map<string, ActorDescription>();
  if (accountIds.length === 0 && tokenIds.length === 0) return described;
  const { rows } = await sql<{ kind: 'account' | 'token'; id: string; name: string; email: string | null }>`
    select 'account' as kind, id, name, email from auth_user where id = any(${accountIds}::text[])
    union all
    select 'token', id::text, name, null from api_tokens where id = any(${tokenIds}::uuid[])`.execute(db);
  for (const r of rows) {
    if (r.kind === 'account') described.set(`account:${r.id}`, { name: r.name || r.email!, email: r.email });
    else described.set(`token:${r.id}`, { name: `API token "${r.name}"`, email: null });
  }
  return described;
}

/** One actor reference described; the system (or anything unknown) is "Guestlist". */
export async function describeActor(db: Db, ref: string | null): Promise<ActorDescription> {
  return (await describeActors(db, [ref])).get(ref ?? '') ?? { name: 'Guestlist', email: null };
}
