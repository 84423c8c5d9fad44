import type { Db } from '../../storage/db.ts';
import { lockPendingForMembers } from '../../storage/invitations.ts';
import type { MemberKey } from '../../storage/members.ts';
import { isSingleConnection } from '../../storage/pglite-dialect.ts';
import { publishChangesAtCommit } from '../../storage/planner-statistics.ts';
import type { OrgAccess } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { holdOrganizationSettings, type Organization } from '../organizations/organization.ts';
import { holdDailyLimit } from './daily-limit.ts';
import { issueInvitations, resendInvitations, type InviteTarget } from './issue.ts';
import { failedFor, type SendResult } from './send-report.ts';

/** Where links point, and the organization's daily cap. */
export interface Sending {
  publicUrl: string;
  invitationsPerDay: number;
}

export interface SliceOptions {
  /** The first slice of the call: muted there, the call fails instead of stopping. */
  first: boolean;
  /** At most how many invitations the slice sends (for the daily cap). */
  expected: number;
}

/**
 * Runs one slice in its own transaction, holding the settings and then the daily cap (before any
 * member is locked); `work` gets how many invitations the organization may still send today.
 * Muted at the first slice, the call fails and changes nothing (R5); muted at a later one (a mute
 * committed meanwhile), it sends no more and answers undefined.
 */
export async function inSlice<T>(
  db: Db,
  access: OrgAccess,
  sending: Sending,
  slice: SliceOptions,
  work: (trx: Db, org: Organization, left: number) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    // The next slice's look at outgrown statistics (inTurns) must see this one's rows.
    if (!isSingleConnection(db)) await publishChangesAtCommit(trx);
    const org = await holdOrganizationSettings(trx, access.orgId);
    if (org.notificationsEnabled) return work(trx, org, await holdDailyLimit(trx, org.id, sending.invitationsPerDay, slice.expected));
    if (slice.first) throw new DomainError('notifications_disabled');
    return undefined;
  });
}

const toTarget = (m: MemberKey): InviteTarget => ({ memberId: m.id, email: m.email, emailNormalized: m.emailNormalized, name: m.name, role: m.role });

/**
 * Sends to these locked pending members, one result each in their order: resends live
 * invitations, issues new ones to the rest. A member who got a pending invitation from elsewhere
 * meanwhile (the partial unique index turned the new one away) fails with already_invited.
 * The caller has kept the targets within what inSlice's hold of the daily cap left
 * (assertFitsDailyLimit, splitAtDailyLimit), so the cap is not counted again here.
 */
export async function sendTo(trx: Db, org: Organization, access: OrgAccess, sending: Sending, targets: readonly MemberKey[]): Promise<SendResult[]> {
  const ctx = { org, actor: access.actor, publicUrl: sending.publicUrl, invitationsPerDay: null };
  const { live } = await lockPendingForMembers(trx, org.id, targets.map((m) => m.id));
  const liveByMember = new Map(live.map((l) => [l.memberId, l.id]));
  const resent = await resendInvitations(trx, ctx, targets.filter((m) => liveByMember.has(m.id)).map((m) => ({ ...toTarget(m), invitationId: liveByMember.get(m.id)! })));
  const issued = await issueInvitations(trx, ctx, targets.filter((m) => !liveByMember.has(m.id)).map(toTarget));
  const outcome = new Map<string, { outcome: 'invited' | 'resent'; invitationId: string }>([
    ...resent.map((r) => [r.memberId, { outcome: 'resent' as const, invitationId: r.invitationId }] as const),
    ...issued.map((r) => [r.memberId, { outcome: 'invited' as const, invitationId: r.invitationId }] as const),
  ]);
  return targets.map((m) => {
    const o = outcome.get(m.id);
    return o ? { member: m.email, memberId: m.id, email: m.email, ...o } : failedFor(m, 'already_invited');
  });
}
