/** A link found in an email of the development mailbox. */
export type MailLink =
  | { kind: 'invitation'; url: string }
  | { kind: 'removed'; url: string }
  | { kind: 'other'; url: string };

/** An invitation link the server replaced ("…/invite/(link removed)"), or any other http(s) link. */
const URL_RE = /https?:\/\/[^\s"<>]*?\/invite\/\(link removed\)|https?:\/\/[^\s"<>')\]]+/g;

/**
 * The links of an email's plain-text part, in order, each once. A link the server replaced because
 * it no longer works ("/invite/(link removed)", or "(link removed)" for account emails) is marked
 * removed; an invitation link opens the invite page.
 */
export function linksOf(text: string): MailLink[] {
  const seen = new Set<string>();
  const links: MailLink[] = [];
  for (const [match] of text.matchAll(URL_RE)) {
    const url = match.replace(/[.,;:!?]+$/, '');
    if (seen.has(url)) continue;
    seen.add(url);
    if (url.includes('(link removed)')) links.push({ kind: 'removed', url });
    else if (/\/invite\/[A-Za-z0-9_-]+$/.test(url)) links.push({ kind: 'invitation', url });
    else links.push({ kind: 'other', url });
  }
  if (/(^|\s)\(link removed\)/.test(text) && !links.some((l) => l.kind === 'removed')) links.push({ kind: 'removed', url: '(link removed)' });
  return links;
}
