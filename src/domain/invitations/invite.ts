import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { expireStaleForMembers } from '../../storage/invitations.ts';
import { findMembersByEmail, grantAppAccess, insertPendingMembers, type MemberKey } from '../../storage/members.ts';
import type { MemberSource, OrgRole } from '../../storage/schema.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { assertAppsExist, assertDistinctApps, type AppGrant } from '../apps/check-apps.ts';
import { checkEmail } from '../email.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import { requireAdmin, requireGrantable } from '../organizations/access.ts';
import { readOrganization } from '../organizations/organization.ts';
import { issueInvitations, type InviteTarget } from './issue.ts';

/** The most addresses one call takes; larger imports go through the CLI in chunks. */
export const MAX_BATCH = 10_000;

export interface InviteInput {
  emails: readonly string[];
  role: OrgRole;
  name?: string | undefined;
  apps?: readonly AppGrant[] | undefined;
  sendInvite: boolean;
  source: MemberSource;
}

export type InviteOutcome = 'invited' | 'created' | 'already_invited' | 'failed';

export interface InviteResult {
  email: string;
  outcome: InviteOutcome;
  /** Why it failed, or a notice such as notifications_disabled on a created member. */
  code?: ErrorCode;
  message?: string;
  memberId?: string;
  invitationId?: string;
}

export interface InviteReport {
  results: InviteResult[];
  counts: Record<InviteOutcome, number>;
}

function failure(email: string, code: ErrorCode, message?: string, memberId?: string): InviteResult {
  return { email, outcome: 'failed', code, message: message ?? new DomainError(code).message, ...(memberId ? { memberId } : {}) };
}

function validateInput(input: InviteInput): void {
  if (input.emails.length === 0) throw new DomainError('validation_failed', 'emails: give at least one address.');
  if (input.emails.length > MAX_BATCH) {
    throw new DomainError('batch_too_large', `emails: at most ${MAX_BATCH} addresses per request (got ${input.emails.length}).`);
  }
  if (input.name !== undefined && input.emails.length > 1) {
    throw new DomainError('validation_failed', 'name: a name can only be given when inviting one person.');
  }
  if (input.apps?.length && input.role !== 'guest') {
    throw new DomainError('validation_failed', 'apps: app access is given to guests; members and admins see every app.');
  }
  assertDistinctApps(input.apps);
}

/**
 * Adds people to an organization and, unless told not to, invites them (R1–R6): one outcome per
 * distinct address, set-based writes, and one bad address never sinks the rest.
 */
export async function inviteMembers(db: Db, access: OrgAccess, input: InviteInput, publicUrl: string): Promise<InviteReport> {
  requireAdmin(access);
  requireGrantable(access, input.role);
  validateInput(input);

  const results = new Map<string, InviteResult>();
  const order: string[] = [];
  const people: { email: string; emailNormalized: string; name: string | null }[] = [];
  for (const raw of input.emails) {
    const checked = checkEmail(raw);
    if (!checked.ok) {
      const key = `invalid:${order.length}`;
      order.push(key);
      results.set(key, failure(raw, 'invalid_email', `"${raw.slice(0, 300)}" ${checked.reason}.`));
      continue;
    }
    const key = checked.email.normalized;
    if (results.has(key)) continue;
    order.push(key);
    results.set(key, failure(checked.email.display, 'validation_failed'));
    people.push({ email: checked.email.display, emailNormalized: key, name: input.name?.trim() || null });
  }

  await db.transaction().execute(async (trx) => {
    const org = await readOrganization(trx, access.orgId);
    if (input.apps?.length) await assertAppsExist(trx, access.orgId, input.apps);
    const invitedBy = actorRef(access.actor);
    const created = await insertPendingMembers(trx, { orgId: org.id, role: input.role, source: input.source, invitedBy }, people);
    const createdIds = new Set(created.map((m) => m.id));
    const createdEmails = new Set(created.map((m) => m.emailNormalized));
    const existing = await findMembersByEmail(trx, org.id, people.filter((p) => !createdEmails.has(p.emailNormalized)).map((p) => p.emailNormalized));
    const candidates: MemberKey[] = [...created];
    for (const m of existing) {
      if (m.status === 'active') results.set(m.emailNormalized, failure(m.email, 'already_member', undefined, m.id));
      else if (m.status === 'deactivated') results.set(m.emailNormalized, failure(m.email, 'member_deactivated', undefined, m.id));
      else candidates.push(m);
    }
    const existingPending = candidates.filter((m) => !createdIds.has(m.id)).map((m) => m.id);
    if (existingPending.length) {
      await trx.updateTable('members').set({ role: input.role }).where('orgId', '=', org.id).where('id', 'in', existingPending).execute();
    }
    await grantAppAccess(trx, org.id, candidates.map((m) => m.id), input.apps ?? []);
    await recordAudit(
      trx,
      created.map((m) => ({ orgId: org.id, actor: invitedBy, action: 'member.created', target: `member:${m.id}`, data: { email: m.email, role: input.role, source: input.source } })),
    );

    const sending = input.sendInvite && org.notificationsEnabled;
    let invitedMembers = new Map<string, string>();
    if (sending) {
      await expireStaleForMembers(trx, org.id, candidates.map((m) => m.id), new Date());
      const targets: InviteTarget[] = candidates.map((m) => ({ memberId: m.id, email: m.email, emailNormalized: m.emailNormalized, name: m.name, role: input.role }));
      const issued = await issueInvitations(trx, { org, actor: access.actor, publicUrl, now: new Date() }, targets);
      invitedMembers = new Map(issued.map((i) => [i.memberId, i.invitationId]));
    }
    for (const m of candidates) {
      const isNew = createdIds.has(m.id);
      const invitationId = invitedMembers.get(m.id);
      let result: InviteResult;
      if (invitationId) result = { email: m.email, outcome: 'invited', memberId: m.id, invitationId };
      else if (sending) result = { email: m.email, outcome: 'already_invited', code: 'already_invited', memberId: m.id };
      else if (isNew && input.sendInvite) result = { email: m.email, outcome: 'created', code: 'notifications_disabled', message: new DomainError('notifications_disabled').message, memberId: m.id };
      else if (isNew) result = { email: m.email, outcome: 'created', memberId: m.id };
      else if (input.sendInvite) result = failure(m.email, 'notifications_disabled', undefined, m.id);
      else result = failure(m.email, 'member_exists', undefined, m.id);
      results.set(m.emailNormalized, result);
    }
  });

  const list = order.map((k) => results.get(k)!);
  const counts: Record<InviteOutcome, number> = { invited: 0, created: 0, already_invited: 0, failed: 0 };
  for (const r of list) counts[r.outcome]++;
  return { results: list, counts };
}
