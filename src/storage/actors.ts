import type { Db } from './db.ts';
import { isId } from './ids.ts';

export interface ActorDescription {
  name: string;
  /** Where to write to the actor: people only. */
  email: string | null;
}

/**
 * Names (and, for people, addresses) of recorded actor references (`account:<id>`, `token:<id>`,
 * `system:<name>`), in two queries whatever their number. Unknown references are left out.
 */
export async function describeActors(db: Db, refs: readonly (string | null)[]): Promise<Map<string, ActorDescription>> {
  const ids = (kind: string) => [...new Set(refs.flatMap((r) => (r?.startsWith(`${kind}:`) ? [r.slice(kind.length + 1)] : [])))];
  const accountIds = ids('account');
  const tokenIds = ids('token').filter(isId);
  const [accounts, tokens] = await Promise.all([
    accountIds.length ? db.selectFrom('auth_user').select(['id', 'name', 'email']).where('id', 'in', accountIds).execute() : [],
    tokenIds.length ? db.selectFrom('api_tokens').select(['id', 'name']).where('id', 'in', tokenIds).execute() : [],
  ]);
  const described = new Map<string, ActorDescription>();
  for (const a of accounts) described.set(`account:${a.id}`, { name: a.name || a.email, email: a.email });
  for (const t of tokens) described.set(`token:${t.id}`, { name: `API token "${t.name}"`, email: null });
  return described;
}

/** One actor reference described; the system (or anything unknown) is "Guestlist". */
export async function describeActor(db: Db, ref: string | null): Promise<ActorDescription> {
  return (await describeActors(db, [ref])).get(ref ?? '') ?? { name: 'Guestlist', email: null };
}
