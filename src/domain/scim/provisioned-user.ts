import type { ScimUserRow } from '../../storage/scim-users.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';

export type { ScimUserRow };

/** A user as an identity provider describes it, translated by the SCIM transport. */
export interface ProvisionedUser {
  /** userName: the person's address. */
  email: string;
  /** The member's name (displayName, else the name parts). */
  name: string | null;
  externalId: string | null;
  /** Absent: left as it is (a PUT without `active`). */
  active?: boolean | undefined;
  /** Everything else the provider sent (name parts, phone numbers, the enterprise extension, ...), kept as sent. */
  attributes: Record<string, unknown>;
}

const MAX_ATTRIBUTES_BYTES = 16 * 1024;

/** Checks a provisioned user's fields against what members can hold; the normalized address on success. */
export function checkProvisionedUser(user: ProvisionedUser): { display: string; normalized: string } {
  const checked = checkEmail(user.email);
  if (!checked.ok) throw new DomainError('invalid_email', `userName: "${user.email.slice(0, 300)}" ${checked.reason}; Guestlist provisions people by email address.`);
  if (user.name !== null && user.name.length > 200) throw new DomainError('validation_failed', 'displayName: at most 200 characters.');
  if (user.externalId !== null && (user.externalId.length < 1 || user.externalId.length > 512)) throw new DomainError('validation_failed', 'externalId: 1 to 512 characters.');
  if (Buffer.byteLength(JSON.stringify(user.attributes)) > MAX_ATTRIBUTES_BYTES) {
    throw new DomainError('validation_failed', `The user's other attributes take more than ${MAX_ATTRIBUTES_BYTES} bytes.`);
  }
  return checked.email;
}
