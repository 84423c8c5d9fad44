import { Navigate } from 'react-router';
import { useMe } from '../auth/session';

const LAST_ORG = 'guestlist-last-org';

/** Remembers the organization last opened in this browser. */
export function rememberOrg(slug: string): void {
  try {
    localStorage.setItem(LAST_ORG, slug);
  } catch {
    // storage unavailable: nothing to remember
  }
}

/** `/`: the organization opened last (or the first), or the welcome page for people in none. */
export function HomeRedirect() {
  const me = useMe().data;
  const orgs = me?.organizations ?? [];
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_ORG);
  } catch {
    last = null;
  }
  const target = orgs.find((o) => o.slug === last) ?? orgs[0];
  return <Navigate to={target ? `/o/${target.slug}/people` : '/welcome'} replace />;
}
