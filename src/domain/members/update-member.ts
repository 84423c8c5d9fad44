import { replaceMemberApps } from '../../storage/apps.ts';
import { recordAudit, type AuditEntry } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { setPendingInvitationsRole, updateMemberRow, type MemberChange } from '../../storage/member-changes.ts';
import { closePendingInvitations, type LockedMember } from '../../storage/members.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { replaceMemberTeams } from '../../storage/teams.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { assertAppsExist, assertDistinctApps, type AppGrant } from '../apps/check-apps.ts';
import { DomainError } from '../errors.ts';
import { requireAdmin, requireGrantable } from '../organizations/access.ts';
import { assertTeamsExist } from '../teams/check-teams.ts';
import { assertNotLastAdmin, lockMemberForChange } from './locks.ts';
import { loadMember, type MemberView } from './member.ts';

export interface MemberPatch {
  name?: string | null | undefined;
  role?: OrgRole | undefined;
  /** Replaces the member's teams. */
  teams?: readonly string[] | undefined;
  /** Replaces the member's app access; guests only. */
  apps?: readonly AppGrant[] | undefined;
  status?: 'active' | 'deactivated' | undefined;
}

async function checkPatch(trx: Db, orgId: string, member: LockedMember, patch: MemberPatch): Promise<void> {
  const role = patch.role ?? member.role;
  if (patch.apps?.length && role !== 'guest') {
    throw new DomainError('validation_failed', 'apps: app access is given to guests; members and admins see every app.');
  }
  assertDistinctApps(patch.apps);
  if ((patch.role !== undefined && patch.role !== 'admin') || patch.status === 'deactivated') await assertNotLastAdmin(trx, orgId, member);
  if (patch.status === 'active' && member.status !== 'active' && !member.accountId) throw new DomainError('member_never_joined');
  if (patch.teams) await assertTeamsExist(trx, orgId, patch.teams);
  if (patch.apps) await assertAppsExist(trx, orgId, patch.apps);
}

interface Applied {
  changed: Record<string, unknown>;
  status: 'active' | 'deactivated' | undefined;
  revoked: string[];
}

/** Writes the patch and says what actually changed. */
async function writePatch(trx: Db, orgId: string, member: LockedMember, patch: MemberPatch): Promise<Applied> {
  const role = patch.role ?? member.role;
  const status = patch.status !== member.status ? patch.status : undefined;
  const changed: Record<string, unknown> = {};
  if (patch.name !== undefined && patch.name !== member.name) changed.name = patch.name;
  if (role !== member.role) changed.role = { from: member.role, to: role };
  if (patch.teams) changed.teams = [...new Set(patch.teams)];
  if (patch.apps) changed.apps = patch.apps;
  const set: MemberChange = {
    ...('name' in changed ? { name: patch.name } : {}),
    ...(role !== member.role ? { role } : {}),
    ...(status ? { status } : {}),
    ...(status === 'active' ? { joinedAt: member.joinedAt ?? new Date() } : {}),
  };
  await updateMemberRow(trx, orgId, member.id, set);
  if (role !== member.role) await setPendingInvitationsRole(trx, orgId, member.id, role);
  if (patch.apps || (role !== 'guest' && member.role === 'guest')) await replaceMemberApps(trx, orgId, member.id, role === 'guest' ? (patch.apps ?? []) : []);
  if (patch.teams) await replaceMemberTeams(trx, orgId, member.id, patch.teams);
  const revoked = status === 'deactivated' ? await closePendingInvitations(trx, orgId, member.id) : [];
  return { changed, status, revoked };
}

function auditOf(access: OrgAccess, memberId: string, { changed, status, revoked }: Applied): AuditEntry[] {
  const common = { orgId: access.orgId, actor: actorRef(access.actor) };
  const target = `member:${memberId}`;
  return [
    ...(Object.keys(changed).length ? [{ ...common, action: 'member.updated', target, data: changed }] : []),
    ...(status ? [{ ...common, action: status === 'active' ? 'member.reactivated' : 'member.deactivated', target }] : []),
    ...revoked.map((id) => ({ ...common, action: 'invitation.revoked', target: `invitation:${id}`, data: { memberId, reason: 'member_deactivated' } })),
  ];
}

/**
 * Changes a member (admins only): name, role, teams and app access (both replaced), deactivation
 * and reactivation. Nobody grants a role above their own; the last active admin cannot be demoted
 * or deactivated (checked under the organization lock, so concurrent demotions cannot both pass);
 * only a member who joined can be reactivated; leaving the guest role drops app access;
 * deactivation ends pending invitations. Unknown teams or apps change nothing. Every change is audited.
 */
export async function updateMember(db: Db, access: OrgAccess, id: string, patch: MemberPatch): Promise<MemberView> {
  if (patch.role) requireGrantable(access, patch.role);
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const member = await lockMemberForChange(trx, access.orgId, id, { lockOrganization: patch.role !== undefined || patch.status !== undefined });
    await checkPatch(trx, access.orgId, member, patch);
    await recordAudit(trx, auditOf(access, member.id, await writePatch(trx, access.orgId, member, patch)));
    return loadMember(trx, access.orgId, id);
  });
}
