import type { OrgRole } from '../../storage/schema.ts';


/** Escapes text for Slack mrkdwn: &, < and > are the only characters Slack reads as markup. */
export function escapeSlack(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const SUBJECT_MAX = 200;
const subjectUnsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g;

/**
 * A subject safe for a mail header: no control characters or line breaks (so no header injection),
 * runs of whitespace collapsed, at most 200 characters (code points, never half a surrogate pair).
 */
export function cleanSubject(subject: string): string {
  const flat = subject.replace(subjectUnsafe, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= SUBJECT_MAX ? flat : `${chars.slice(0, SUBJECT_MAX - 1).join('').trimEnd()}…`;
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "28 November 2026": day, month name and year in UTC, unambiguous in every locale. */
export function formatUtcDate(date: Date): string {
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "28 November 2026, 23:56 UTC". */
export function formatUtcDateTime(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${formatUtcDate(date)}, ${hh}:${mm} UTC`;
}

/** The organization roles, in the order a form lists them. */
export const orgRoles: readonly OrgRole[] = ['admin', 'member', 'guest'];

/** How a role reads to a person, with what it allows (PRODUCT §1.1). */
export const roleWords: Record<OrgRole, { label: string; summary: string }> = {
  admin: { label: 'Admin', summary: 'Admins manage people, invitations, apps and settings.' },
  member: { label: 'Member', summary: 'Members see the people directory and all apps.' },
  guest: { label: 'Guest', summary: 'Guests see only the apps they are given access to.' },
};

/** "Hi Ada," for a known name, "Hello," otherwise. */
export function greeting(name: string): string {
  return name ? `Hi ${name},` : 'Hello,';
}
