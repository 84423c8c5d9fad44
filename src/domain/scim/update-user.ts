import { recordAudit, type AuditEntry } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { updateMemberRow } from '../../storage/member-changes.ts';
import { closePendingInvitations, type LockedMember } from '../../storage/members.ts';
import { findScimUser, writeScimUserFields } from '../../storage/scim-users.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { issueInvitations } from '../invitations/issue.ts';
import { assertNotLastAdmin, lockMemberForChange } from '../members/locks.ts';
import { lockOrganization } from '../organizations/organization.ts';
import { checkProvisionedUser, type ProvisionedUser, type ScimUserRow } from './provisioned-user.ts';

interface Sending {
  publicUrl: string;
  invitationsPerDay: number;
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
  const reactivated = { ...common, action: 'member.reactivated' };
  const org = await lockOrganization(trx, access.orgId);
  if (!org.notificationsEnabled) return [reactivated];
  const target = { memberId: member.id, email: member.email, emailNormalized: member.emailNormalized, name: member.name, role: member.role };
  await issueInvitations(trx, { org, actor: access.actor, ...sending }, [target], [reactivated]);
  return [];
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
 * other. The address (userName) cannot change to another one. Every change is audited with the
 * token as actor; member_not_found for ids of other organizations.
 */
export async function updateProvisionedUser(
  db: Db,
  access: OrgAccess,
  id: string,
  desired: (current: ScimUserRow) => ProvisionedUser,
  sending: Sending,
): Promise<ScimUserRow> {
  return db.transaction().execute(async (trx) => {
    const member = await lockMemberForChange(trx, access.orgId, id, { lockOrganization: true });
    const before = (await findScimUser(trx, access.orgId, member.id))!;
    const user = desired(before);
    const email = checkProvisionedUser(user);
    if (email.normalized !== member.emailNormalized) {
      throw new DomainError('validation_failed', `userName: ${member.email} cannot become ${email.display}; remove the user and provision the new address.`);
    }
    const changed = changesOf(before, user);
    if ('name' in changed) await updateMemberRow(trx, access.orgId, member.id, { name: user.name });
    if (Object.keys(changed).length) await writeScimUserFields(trx, access.orgId, member.id, { externalId: user.externalId, attributes: user.attributes });
    const audit: AuditEntry[] = Object.keys(changed).length
      ? [{ orgId: access.orgId, actor: actorRef(access.actor), action: 'member.updated', target: `member:${member.id}`, data: changed }]
      : [];
    if (user.active !== undefined) audit.push(...(await applyActive(trx, access, member, user.active, sending)));
    await recordAudit(trx, audit);
    return (await findScimUser(trx, access.orgId, member.id))!;
  });
}
