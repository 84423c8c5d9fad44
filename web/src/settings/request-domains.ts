import { ApiError } from '../api/problem';

/** An entry as the server compares it: trimmed, lower case, without a leading "@" (people paste "@acme.com"). */
export function tidyDomain(entry: string): string {
  return entry.trim().toLowerCase().replace(/^@+/, '');
}

/** The server's complaints about the allowed domains, one per bad entry ("invitationRequestDomains.N"), or undefined. */
export function domainErrors(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.fieldErrors.filter((e) => /(^|[./])invitationRequestDomains(\.\d+)?$/.test(e.path)).map((e) => e.message);
  return messages.length ? messages : undefined;
}
