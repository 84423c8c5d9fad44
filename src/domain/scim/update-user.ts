import { recordAudit, type AuditEntry } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { changeMemberEmail, updateMemberRow } from '../../storage/member-changes.ts';
import { closePendingInvitations, type LockedMember } from '../../storage/members.ts';
import { findScimUser, writeScimUserFields } from '../../storage/scim-users.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { issueInvitations } from '../invitations/issue.ts';
import { assertNotLastAdmin, lockMemberForChange } from '../members/locks.ts';
import { lockOrganization } from '../organizations/organization.ts';
import { checkProvisionedUser, type ProvisionedUser, type ScimUserRow } from './provisioned-user.ts';

interface Sending {
  publicUrl: string;
  invitationsPerDay: number;
}

/** Invites a pending member anew (after a reactivation or a new address), unless notifications are off. */
async function inviteAgain(trx: Db, access: OrgAccess, member: LockedMember, sending: Sending, precedingAudit: AuditEntry[]): Promise<AuditEntry[]> {
  const org = await lockOrganization(trx, access.orgId);
  if (!org.notificationsEnabled) return precedingAudit;
  const target = { memberId: member.id, email: member.email, emailNormalized: member.emailNormalized, name: member.name, role: member.role };
  await issueInvitations(trx, { org, actor: access.actor, ...sending }, [target], precedingAudit);
  return [];
}

/**
 * `active` false: deactivated at once, pending invitations ended (the last active admin stays).
 * `active` true on a deactivated member: one who joined is active again; one who never joined is
 * pending again and invited anew, unless notifications are off.
 */
async function applyActive(trx: Db, access: OrgAccess, member: LockedMember, active: boolean, sending: Sending): Promise<AuditEntry[]> {
  const common = { orgId: access.orgId, actor: actorRef(access.actor), target: `member:${member.id}` };
  if (!active && member.status !== 'deactivated') {
    await assertNotLastAdmin(trx, access.orgId, member);
    await updateMemberRow(trx, access.orgId, member.id, { status: 'deactivated' });
    const revoked = await closePendingInvitations(trx, access.orgId, member.id);
    return [
      { ...common, action: 'member.deactivated' },
      ...revoked.map((id) => ({ ...common, action: 'invitation.revoked', target: `invitation:${id}`, data: { memberId: member.id, reason: 'member_deactivated' } })),
    ];
  }
  if (!active || member.status !== 'deactivated') return [];
  if (member.accountId) {
    await updateMemberRow(trx, access.orgId, member.id, { status: 'active', joinedAt: member.joinedAt ?? new Date() });
    return [{ ...common, action: 'member.reactivated' }];
  }
  await updateMemberRow(trx, access.orgId, member.id, { status: 'pending' });
  return inviteAgain(trx, access, member, sending, [{ ...common, action: 'member.reactivated' }]);
}

/**
 * A new address (Entra renames userName): the member takes it (member_exists when another member
 * has it); the invitation sent to the old address ends, and a pending member who stays active is
 * invited at the new one.
 */
async function changeAddress(trx: Db, access: OrgAccess, member: LockedMember, email: { display: string; normalized: string }, user: ProvisionedUser, sending: Sending) {
  if (!(await changeMemberEmail(trx, access.orgId, member.id, email))) {
    throw new DomainError('member_exists', `userName: ${email.display} is already a member of this organization.`);
  }
  const common = { orgId: access.orgId, actor: actorRef(access.actor) };
  const revoked = await closePendingInvitations(trx, access.orgId, member.id);
  const audit: AuditEntry[] = [
    { ...common, action: 'member.updated', target: `member:${member.id}`, data: { email: { from: member.email, to: email.display } } },
    ...revoked.map((id) => ({ ...common, action: 'invitation.revoked', target: `invitation:${id}`, data: { memberId: member.id, reason: 'email_changed' } })),
  ];
  const moved = { ...member, email: email.display, emailNormalized: email.normalized };
  const reinvite = member.status === 'pending' && revoked.length > 0 && user.active !== false;
  return { member: moved, audit: reinvite ? await inviteAgain(trx, access, moved, sending, audit) : audit };
}

function changesOf(before: ScimUserRow, user: ProvisionedUser): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  if (user.name !== before.name) changed.name = user.name;
  if (user.externalId !== before.scimExternalId) changed.externalId = user.externalId;
  const keys = new Set([...Object.keys(before.scimAttributes ?? {}), ...Object.keys(user.attributes)]);
  const attributes = [...keys].filter((k) => JSON.stringify(before.scimAttributes?.[k]) !== JSON.stringify(user.attributes[k]));
  if (attributes.length) changed.attributes = attributes;
  return changed;
}

/**
 * An identity provider replaces a user (PUT) or patches it (PATCH): `desired` turns the member as
 * it is now, read under its lock, into what it should be, so concurrent changes cannot undo each
 * other. Every change is audited with the token as actor; member_not_found for ids of other
 * organizations.
 */
export async function updateProvisionedUser(
  db: Db,
  access: OrgAccess,
  id: string,
  desired: (current: ScimUserRow) => ProvisionedUser,
  sending: Sending,
): Promise<ScimUserRow> {
  const peek = await findScimUser(db, access.orgId, id);
  if (!peek) throw new DomainError('member_not_found');
  try {
    return await applyUser(db, access, id, desired, sending, touchesStatus(peek, desired(peek)));
  } catch (error) {
    if (!(error instanceof NeedsOrganizationLock)) throw error;
    return applyUser(db, access, id, desired, sending, true);
  }
}

/** Thrown (and retried with the lock) when the member changed between the first read and its lock. */
class NeedsOrganizationLock extends Error {}

/**
 * Whether the change deactivates, reactivates or moves the member: those lock the organization
 * first (last-admin checks, new invitations), as REST member changes do; the rest lock the member
 * alone, so an organization's SCIM updates do not wait on one another or on its invites.
 */
function touchesStatus(row: ScimUserRow, user: ProvisionedUser): boolean {
  const checked = checkEmail(user.email);
  return (user.active !== undefined && user.active !== (row.status !== 'deactivated')) || (checked.ok && checked.email.normalized !== row.emailNormalized);
}

async function applyUser(db: Db, access: OrgAccess, id: string, desired: (current: ScimUserRow) => ProvisionedUser, sending: Sending, lockOrganization: boolean): Promise<ScimUserRow> {
  return db.transaction().execute(async (trx) => {
    const member = await lockMemberForChange(trx, access.orgId, id, { lockOrganization });
    const before = (await findScimUser(trx, access.orgId, member.id))!;
    const user = desired(before);
    if (!lockOrganization && touchesStatus(before, user)) throw new NeedsOrganizationLock();
    const email = checkProvisionedUser(user);
    const moved = email.normalized !== member.emailNormalized ? await changeAddress(trx, access, member, email, user, sending) : { member, audit: [] };
    const changed = changesOf(before, user);
    if ('name' in changed) await updateMemberRow(trx, access.orgId, member.id, { name: user.name });
    const audit: AuditEntry[] = [...moved.audit];
    if (Object.keys(changed).length) audit.push({ orgId: access.orgId, actor: actorRef(access.actor), action: 'member.updated', target: `member:${member.id}`, data: changed });
    if (user.active !== undefined) audit.push(...(await applyActive(trx, access, moved.member, user.active, sending)));
    // Any change, the address or `active` alone included, is the user's lastModified.
    if (audit.length || Object.keys(changed).length) await writeScimUserFields(trx, access.orgId, member.id, { externalId: user.externalId, attributes: user.attributes });
    await recordAudit(trx, audit);
    return (await findScimUser(trx, access.orgId, member.id))!;
  });
}
