import type { RequestStatus } from './request-queries';

/** How the console names each request status; a stale request is open, from someone who has joined meanwhile. */
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'Open',
  stale: 'Already a member',
  approved: 'Approved',
  dismissed: 'Dismissed',
  expired: 'Expired',
};

export const REQUEST_STATUS_COLORS: Record<RequestStatus, string> = {
  open: 'blue',
  stale: 'orange',
  approved: 'green',
  dismissed: 'gray',
  expired: 'yellow',
};

/** The status filter's choices, Open first (the default). */
export const REQUEST_FILTERS: { value: RequestStatus | 'all'; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'stale', label: 'Stale' },
  { value: 'approved', label: 'Approved' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'expired', label: 'Expired' },
  { value: 'all', label: 'All' },
];

/** What an empty list says, per filter. */
export const REQUEST_EMPTY: Record<RequestStatus | 'all', { title: string; hint: string }> = {
  open: { title: 'No open requests', hint: 'Requests people confirm from your sign-in page wait here for an admin.' },
  stale: { title: 'No stale requests', hint: 'A request turns stale when its address joins the organization some other way.' },
  approved: { title: 'No approved requests', hint: 'Approving a request sends the person an invitation.' },
  dismissed: { title: 'No dismissed requests', hint: 'Dismissed requests are kept here; the person is not told.' },
  expired: { title: 'No expired requests', hint: 'A request nobody decides on expires 30 days after it was confirmed.' },
  all: { title: 'No invitation requests yet', hint: 'Requests people confirm from your sign-in page appear here.' },
};

/** What an empty Open or All list says instead while the organization takes no requests. */
export const REQUESTS_OFF_HINT = 'Invitation requests are off for this organization; turn them on in Settings → Feature Management.';
