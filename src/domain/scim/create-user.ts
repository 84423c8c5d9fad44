import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { findMemberIdByEmail } from '../../storage/graphql-members.ts';
import { updateMemberRow } from '../../storage/member-changes.ts';
import { findScimUser, writeScimUserFields } from '../../storage/scim-users.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { inviteOneInTransaction } from '../invitations/invite.ts';
import { checkProvisionedUser, type ProvisionedUser, type ScimUserRow } from './provisioned-user.ts';

/**
 * R14: an identity provider creates a user. The member is added through the invite use case
 * (source `scim`, role member), so an active user is invited unless notifications are off (the
 * mute holds), past the daily cap the call fails with daily_invitation_limit and writes nothing
 * (providers retry), and everything is audited with the token as actor. An address that is
 * already a member, in any state, fails with member_exists. Created inactive, the member is added
 * deactivated and not invited. A first sync creates thousands one call at a time; the running
 * worker keeps the planner statistics up with it (refreshOutgrownStatistics).
 */
export async function provisionUser(db: Db, access: OrgAccess, user: ProvisionedUser, publicUrl: string, invitationsPerDay: number): Promise<ScimUserRow> {
  const email = checkProvisionedUser(user);
  const active = user.active ?? true;
  const created = await db.transaction().execute(async (trx) => {
    if (await findMemberIdByEmail(trx, access.orgId, email.normalized)) {
      throw new DomainError('member_exists', `userName: ${email.display} is already a member of this organization.`);
    }
    const result = await inviteOneInTransaction(
      trx,
      access,
      { emails: [user.email], role: 'member', name: user.name ?? undefined, sendInvite: active, source: 'scim' },
      publicUrl,
      invitationsPerDay,
    );
    if ((result.outcome !== 'invited' && result.outcome !== 'created') || !result.memberId) {
      // A concurrent create of the same address won, or the daily cap is reached.
      throw new DomainError(result.code === 'daily_invitation_limit' ? 'daily_invitation_limit' : 'member_exists', result.code === 'daily_invitation_limit' ? result.message : undefined);
    }
    await writeScimUserFields(trx, access.orgId, result.memberId, { externalId: user.externalId, attributes: user.attributes });
    if (!active) {
      await updateMemberRow(trx, access.orgId, result.memberId, { status: 'deactivated' });
      await recordAudit(trx, [{ orgId: access.orgId, actor: actorRef(access.actor), action: 'member.deactivated', target: `member:${result.memberId}` }]);
    }
    return (await findScimUser(trx, access.orgId, result.memberId))!;
  });
  return created;
}
