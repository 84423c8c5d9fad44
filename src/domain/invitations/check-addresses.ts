import type { Db } from '../../storage/db.ts';
import { findInvitees } from '../../storage/invitees.ts';
import type { OrgAccess } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError, errorCodes } from '../errors.ts';
import { requireAdmin } from '../organizations/access.ts';
import { MAX_BATCH } from './invite.ts';

/** Why an address would not simply be invited: refused (invalid, repeated) or already known. */
export type AddressNoteCode = 'invalid_email' | 'duplicate' | 'already_member' | 'member_deactivated' | 'already_invited';

export interface AddressNote {
  /** Position in the list checked. */
  index: number;
  email: string;
  code: AddressNoteCode;
  message: string;
  /** For a duplicate: the position of the first occurrence. */
  duplicateOf?: number;
}

const noteMessages: Record<Exclude<AddressNoteCode, 'invalid_email'>, string> = {
  duplicate: 'is in the list more than once',
  already_member: errorCodes.already_member,
  member_deactivated: errorCodes.member_deactivated,
  already_invited: 'already has a pending invitation; nothing new is sent',
};

/**
 * Looks at a list of addresses before anything is sent (the invite dialog, R1, R3, R6): each one
 * the invite would refuse (not an address by §4.1, or the same address again after normalizing)
 * and each one the organization already has, with the reason. The same rules as the invite; it
 * writes nothing and locks nothing, so the invite's own outcome stays the final word.
 */
export async function checkAddresses(db: Db, access: OrgAccess, emails: readonly string[]): Promise<AddressNote[]> {
  requireAdmin(access);
  if (emails.length > MAX_BATCH) throw new DomainError('batch_too_large', `emails: at most ${MAX_BATCH} addresses per request (got ${emails.length}).`);
  const notes: AddressNote[] = [];
  const first = new Map<string, number>();
  emails.forEach((raw, index) => {
    const checked = checkEmail(raw);
    if (!checked.ok) {
      notes.push({ index, email: raw.slice(0, 300), code: 'invalid_email', message: checked.reason });
      return;
    }
    const seen = first.get(checked.email.normalized);
    if (seen === undefined) first.set(checked.email.normalized, index);
    else notes.push({ index, email: checked.email.display, code: 'duplicate', message: noteMessages.duplicate, duplicateOf: seen });
  });
  const known = await findInvitees(db, access.orgId, [...first.keys()]);
  for (const m of known) {
    const code = m.status === 'active' ? 'already_member' : m.status === 'deactivated' ? 'member_deactivated' : m.invited ? 'already_invited' : undefined;
    const index = first.get(m.emailNormalized);
    if (code && index !== undefined) notes.push({ index, email: emails[index]!.trim(), code, message: noteMessages[code] });
  }
  return notes.sort((a, b) => a.index - b.index);
}
