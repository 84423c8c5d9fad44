import { domainToASCII } from 'node:url';

export interface NormalizedEmail {
  /** What was typed, trimmed: shown to people. */
  display: string;
  /** Lower-cased local part and punycode domain: compared and unique. */
  normalized: string;
}

export type EmailCheck = { ok: true; email: NormalizedEmail } | { ok: false; reason: string };

const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalizes an address (PRODUCT §4.1): trims; rejects display names, quoted local parts,
 * control characters, a trailing dot after the domain and anything over 254 characters; lower-cases the domain (to punycode for IDN)
 * and compares case-insensitively, so the normalized form lower-cases the local part too.
 */
export function checkEmail(input: string): EmailCheck {
  const display = input.trim();
  if (display.length === 0) return { ok: false, reason: 'is empty' };
  if (/[\r\n\0]/.test(display)) return { ok: false, reason: 'contains a line break or NUL' };
  if (/[\u0000-\u001f\u007f]/.test(display)) return { ok: false, reason: 'contains a control character' };
  if (display.length > 254) return { ok: false, reason: 'is longer than 254 characters' };
  if (/[<>]/.test(display)) return { ok: false, reason: 'has a display name; give the bare address' };
  if (display.includes('"')) return { ok: false, reason: 'has a quoted local part' };
  if (/\s/.test(display)) return { ok: false, reason: 'contains whitespace' };
  const at = display.lastIndexOf('@');
  if (at <= 0 || at === display.length - 1) return { ok: false, reason: 'needs one @ between a local part and a domain' };
  const local = display.slice(0, at);
  const domain = display.slice(at + 1);
  if (local.includes('@')) return { ok: false, reason: 'has more than one @' };
  if (local.length > 64) return { ok: false, reason: 'has a local part longer than 64 characters' };
  // Internationalized local parts (SMTPUTF8) cannot sign in with the identity library; IDN domains can.
  if (/[^\x00-\x7f]/.test(local)) return { ok: false, reason: 'has non-ASCII characters before the @ (only the domain may be internationalized)' };
  if (!LOCAL_ATOM.test(local)) return { ok: false, reason: 'has an invalid local part' };
  // A trailing dot (a fully qualified DNS name) is refused, not stripped: mail servers answer 501
  // to it, and the address as typed is what the email is sent to.
  if (domain.endsWith('.')) return { ok: false, reason: 'ends with a dot after the domain; remove it' };
  const ascii = domainToASCII(domain.toLowerCase());
  if (!ascii) return { ok: false, reason: 'has an invalid domain' };
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => ASCII_LABEL.test(l))) {
    return { ok: false, reason: 'has an invalid domain' };
  }
  const normalized = `${local.toLowerCase()}@${ascii}`;
  if (normalized.length > 254) return { ok: false, reason: 'is longer than 254 characters' };
  return { ok: true, email: { display, normalized } };
}

/**
 * A domain as typed by an admin (e.g. for the allowed domains of invitation requests), lower-cased
 * and in punycode, as checkEmail normalizes an address's domain; undefined when it is not a domain.
 */
export function normalizeDomain(input: string): string | undefined {
  const ascii = domainToASCII(input.trim().replace(/^@/, '').toLowerCase());
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  return labels.length >= 2 && labels.every((l) => ASCII_LABEL.test(l)) ? ascii : undefined;
}

/** Splits what an admin typed (commas, semicolons or new lines) into candidate addresses. */
export function splitAddressList(text: string): string[] {
  return text
    .split(/[,;\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
