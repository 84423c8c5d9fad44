import { insertNamed } from '../../storage/apps.ts';
import { AUDIT_ITEMS_SHOWN, recordAudit, type AuditEntry } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { changeTeamMembers, findScimGroup, hasTeamNamedLike, holdMemberIds, holdTeamName, lockScimGroup, writeScimGroupFields, type ScimGroupRow } from '../../storage/scim-groups.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { holdOrganizationSettings } from '../organizations/organization.ts';

export type { ScimGroupRow };

/** A group as an identity provider describes it: a team with its members' ids. */
export interface ProvisionedGroup {
  name: string;
  externalId: string | null;
  /** Absent (a PUT without `members`): the team's members stay as they are. */
  memberIds?: readonly string[] | undefined;
}

function checkGroup(group: ProvisionedGroup): string {
  const name = group.name.trim();
  if (name.length < 1 || name.length > 200) throw new DomainError('validation_failed', 'displayName: give 1 to 200 characters.');
  if (group.externalId !== null && (group.externalId.length < 1 || group.externalId.length > 512)) throw new DomainError('validation_failed', 'externalId: 1 to 512 characters.');
  return name;
}

/** The members named, all of this organization, or validation_failed naming the others (nothing changes). */
async function checkMembers(trx: Db, orgId: string, ids: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const found = await holdMemberIds(trx, orgId, wanted);
  const unknown = wanted.filter((id) => !found.has(id));
  if (unknown.length) throw new DomainError('validation_failed', `members: no user with id ${unknown.slice(0, 5).map((id) => `"${id.slice(0, 100)}"`).join(', ')} in this organization.`);
  return wanted;
}

/** Membership changes, with at most the first AUDIT_ITEMS_SHOWN ids (a group push may move thousands). */
function membershipAudit(access: OrgAccess, teamId: string, added: readonly string[], removed: readonly string[]): AuditEntry[] {
  const common = { orgId: access.orgId, actor: actorRef(access.actor), target: `team:${teamId}` };
  return [
    ...(added.length ? [{ ...common, action: 'team.members_added', data: { count: added.length, memberIds: added.slice(0, AUDIT_ITEMS_SHOWN) } }] : []),
    ...(removed.length ? [{ ...common, action: 'team.members_removed', data: { count: removed.length, memberIds: removed.slice(0, AUDIT_ITEMS_SHOWN) } }] : []),
  ];
}

/** An identity provider creates a group: a team with these members (team_name_taken when the name is in use, in any case). Audited. */
export async function provisionGroup(db: Db, access: OrgAccess, group: ProvisionedGroup): Promise<ScimGroupRow> {
  const name = checkGroup(group);
  return db.transaction().execute(async (trx) => {
    await holdOrganizationSettings(trx, access.orgId);
    const members = await checkMembers(trx, access.orgId, group.memberIds ?? []);
    await holdTeamName(trx, access.orgId, name);
    const team = (await hasTeamNamedLike(trx, access.orgId, name)) ? undefined : await insertNamed(trx, 'teams', access.orgId, name);
    if (!team || !(await writeScimGroupFields(trx, access.orgId, team.id, { name, externalId: group.externalId }))) {
      throw new DomainError('team_name_taken', `displayName: a group named "${name}" already exists.`);
    }
    await changeTeamMembers(trx, access.orgId, team.id, { add: members, remove: [] });
    await recordAudit(trx, [
      { orgId: access.orgId, actor: actorRef(access.actor), action: 'team.created', target: `team:${team.id}`, data: { name, source: 'scim' } },
      ...membershipAudit(access, team.id, members, []),
    ]);
    return (await findScimGroup(trx, access.orgId, team.id))!;
  });
}

/**
 * An identity provider replaces (PUT) or patches (PATCH) a group: `desired` turns the team as it
 * is now, read under its lock, into what it should be; the rename and the membership difference
 * are written and audited. team_not_found for ids of other organizations.
 */
export async function updateProvisionedGroup(db: Db, access: OrgAccess, id: string, desired: (current: ScimGroupRow) => ProvisionedGroup): Promise<ScimGroupRow> {
  return db.transaction().execute(async (trx) => {
    // The organization first, as every writer takes it before members: a member's removal (which
    // locks the organization, then the member) and this change then cannot wait on each other.
    await holdOrganizationSettings(trx, access.orgId);
    const locked = await lockScimGroup(trx, access.orgId, id);
    if (!locked) throw new DomainError('team_not_found');
    const current = (await findScimGroup(trx, access.orgId, locked.id))!;
    const memberIds = (current.members ?? []).map((m) => m.id);
    const group = desired(current);
    const name = checkGroup(group);
    const held = new Set(memberIds);
    const members = group.memberIds ? await checkMembers(trx, access.orgId, group.memberIds.filter((id) => !held.has(id.toLowerCase()))) : [];
    const audit: AuditEntry[] = [];
    if (name !== locked.name || group.externalId !== locked.scimExternalId) {
      if (name.toLowerCase() !== locked.name.toLowerCase()) await holdTeamName(trx, access.orgId, name);
      if (!(await writeScimGroupFields(trx, access.orgId, locked.id, { name, externalId: group.externalId }))) {
        throw new DomainError('team_name_taken', `displayName: a group named "${name}" already exists.`);
      }
      const data = { ...(name !== locked.name ? { name: { from: locked.name, to: name } } : {}), ...(group.externalId !== locked.scimExternalId ? { externalId: group.externalId } : {}) };
      audit.push({ orgId: access.orgId, actor: actorRef(access.actor), action: 'team.updated', target: `team:${locked.id}`, data });
    }
    // Only the members being added are checked (and held); the rest are the team's own.
    const wanted = new Set((group.memberIds ?? memberIds).map((id) => id.toLowerCase()));
    const add = members;
    const remove = memberIds.filter((m) => !wanted.has(m));
    await changeTeamMembers(trx, access.orgId, locked.id, { add, remove });
    await recordAudit(trx, [...audit, ...membershipAudit(access, locked.id, add, remove)]);
    return (await findScimGroup(trx, access.orgId, locked.id))!;
  });
}
