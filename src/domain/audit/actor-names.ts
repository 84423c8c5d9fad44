import { describeActors } from '../../storage/actors.ts';
import type { Db } from '../../storage/db.ts';

/** The jobs that act on their own, as an admin reads them in the audit log. */
const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  'system:expiry': 'Guestlist (expiry)',
  'system:reminder': 'Guestlist (reminders)',
  'system:bootstrap': 'Guestlist (setup)',
  'system:request': 'The requester (confirmed by email)',
  'system:public': 'Someone on the sign-in page',
  'system:requests': 'Guestlist (invitation requests)',
};

function fallbackName(ref: string): string {
  if (ref.startsWith('account:')) return 'A deleted account';
  if (ref.startsWith('token:')) return 'An unknown API token';
  if (ref.startsWith('system:')) return SYSTEM_NAMES[ref] ?? 'Guestlist';
  // Someone who answered an invitation link without an account is recorded by address.
  if (ref.startsWith('invitee:')) return `${ref.slice('invitee:'.length)} (invitee)`;
  return ref;
}

/**
 * Readable names of recorded actor references (`account:<id>`, `token:<id>`, `system:<job>`,
 * `invitee:<address>`): a person's name (or address), `API token "<name>"`, the job, or the invitee. One statement whatever the
 * number of references; every reference asked for gets a name.
 */
export async function nameActors(db: Db, refs: readonly (string | null)[]): Promise<Map<string, string>> {
  const described = await describeActors(db, refs);
  const names = new Map<string, string>();
  for (const ref of refs) if (ref !== null) names.set(ref, described.get(ref)?.name ?? fallbackName(ref));
  return names;
}

/**
 * Who added or invited someone, as admins read it in the Users and Invitations lists: the person
 * or the API token; the system (bootstrap, the command line) is "Guestlist"; null when that
 * account or token is gone. `name` is the list's own naming of the reference (readWithInviterNames).
 */
export function inviterOf(ref: string | null, name: string | null): { name: string } | null {
  if (!ref) return null;
  if (name !== null) return { name };
  return ref.startsWith('system:') ? { name: 'Guestlist' } : null;
}
