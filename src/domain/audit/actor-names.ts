import { describeActors } from '../../storage/actors.ts';
import type { Db } from '../../storage/db.ts';

/** The jobs that act on their own, as an admin reads them in the audit log. */
const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  'system:expiry': 'Guestlist (expiry)',
  'system:reminder': 'Guestlist (reminders)',
  'system:bootstrap': 'Guestlist (setup)',
};

function fallbackName(ref: string): string {
  if (ref.startsWith('account:')) return 'A deleted account';
  if (ref.startsWith('token:')) return 'An unknown API token';
  if (ref.startsWith('system:')) return SYSTEM_NAMES[ref] ?? 'Guestlist';
  return ref;
}

/**
 * Readable names of recorded actor references (`account:<id>`, `token:<id>`, `system:<job>`): a
 * person's name (or address), `API token "<name>"`, or the job. Two queries whatever the number
 * of references; every reference asked for gets a name.
 */
export async function nameActors(db: Db, refs: readonly (string | null)[]): Promise<Map<string, string>> {
  const described = await describeActors(db, refs);
  const names = new Map<string, string>();
  for (const ref of refs) if (ref !== null) names.set(ref, described.get(ref)?.name ?? fallbackName(ref));
  return names;
}
