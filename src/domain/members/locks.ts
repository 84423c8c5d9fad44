import type { Db } from '../../storage/db.ts';
import { isLastActiveAdmin, lockMember, type LockedMember } from '../../storage/members.ts';
import { holdOrganizationKey } from '../../storage/organizations.ts';
import { DomainError } from '../errors.ts';
import { isId, lockOrganization } from '../organizations/organization.ts';

/**
 * Locks a member row for the rest of the transaction, or member_not_found. With
 * `lockOrganization`, the organization row is locked first (always in that order), which
 * serializes every change that could take away an organization's last active admin. Without it,
 * the organization's key is held first (FOR KEY SHARE): the change's audit insert takes it anyway,
 * and taking it after the member lock deadlocked with a change that locks the organization, then
 * the member (a deactivation, a removal).
 */
export async function lockMemberForChange(trx: Db, orgId: string, id: string, options: { lockOrganization: boolean }): Promise<LockedMember> {
  if (options.lockOrganization) await lockOrganization(trx, orgId);
  else await holdOrganizationKey(trx, orgId);
  const member = isId(id) ? await lockMember(trx, orgId, id) : undefined;
  if (!member) throw new DomainError('member_not_found');
  return member;
}

/** Throws last_admin when this member is the only active admin left. The organization must be locked. */
export async function assertNotLastAdmin(trx: Db, orgId: string, member: LockedMember): Promise<void> {
  if (member.role !== 'admin' || member.status !== 'active') return;
  if (await isLastActiveAdmin(trx, orgId, member.id)) throw new DomainError('last_admin');
}
