import type { Db } from '../../storage/db.ts';
import { auditGroupedEntries, recordAudit } from '../../storage/audit.ts';
import { addressesSendingNothing, lockPendingForMembers } from '../../storage/invitations.ts';
import { grantAppAccess, insertPendingMembers, lockMembersByEmail, setMembersRole, type MemberKey } from '../../storage/members.ts';
import { inSlices } from '../../storage/pglite-dialect.ts';
import type { MemberSource, OrgRole } from '../../storage/schema.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import { assertAppsExist, assertDistinctApps, type AppGrant } from '../apps/check-apps.ts';
import { checkEmail } from '../email.ts';
import { DomainError, errorCodes, type ErrorCode } from '../errors.ts';
import { requireAdmin, requireGrantable } from '../organizations/access.ts';
import { holdOrganizationForSending, holdOrganizationSettings } from '../organizations/organization.ts';
import { assertTeamsExist } from '../teams/check-teams.ts';
import { addMembersToTeams } from '../../storage/teams.ts';
import { assertLookHeld, holdDailyLimit, keepWithinDailyLimit, withSettledLook } from './daily-limit.ts';
import { asSharedFailure, inviteShared, SHARED_INVITE_MAX, sharedKind, type InvitePerson } from './invite-shared.ts';
import { issueInvitations, type InviteTarget } from './issue.ts';

/** The most addresses one call takes; larger imports go through the CLI in chunks. */
export const MAX_BATCH = 10_000;

export interface InviteInput {
  emails: readonly string[];
  role: OrgRole;
  name?: string | undefined;
  /** Each address's own name, in the order of `emails` (imports); `name` is for one address. */
  names?: readonly (string | null)[] | undefined;
  apps?: readonly AppGrant[] | undefined;
  /** Teams the people join now, before they sign in [S0]. */
  teams?: readonly string[] | undefined;
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
  return { email, outcome: 'failed', code, message: message ?? errorCodes[code], ...(memberId ? { memberId } : {}) };
}

function validateInput(input: InviteInput): void {
  if (input.emails.length === 0) throw new DomainError('validation_failed', 'emails: give at least one address.');
  if (input.emails.length > MAX_BATCH) {
    throw new DomainError('batch_too_large', `emails: at most ${MAX_BATCH} addresses per request (got ${input.emails.length}).`);
  }
  if (input.name !== undefined && input.emails.length > 1) {
    throw new DomainError('validation_failed', 'name: a name can only be given when inviting one person.');
  }
  if (input.names !== undefined && (input.names.length !== input.emails.length || input.name !== undefined)) {
    throw new DomainError('validation_failed', 'names: one name (or null) per address, and not together with name.');
  }
  if (input.apps?.length && input.role !== 'guest') {
    throw new DomainError('validation_failed', 'apps: app access is given to guests; members and admins see every app.');
  }
  assertDistinctApps(input.apps);
}

/** Checks and de-duplicates the addresses (R6), keeping the caller's order; bad ones fail alone. */
function parseAddresses(input: InviteInput): { order: string[]; results: Map<string, InviteResult>; people: InvitePerson[] } {
  const results = new Map<string, InviteResult>();
  const order: string[] = [];
  const people: InvitePerson[] = [];
  for (const [i, raw] of input.emails.entries()) {
    const checked = checkEmail(raw);
    const key = checked.ok ? checked.email.normalized : `invalid:${order.length}`;
    if (results.has(key)) continue;
    order.push(key);
    if (!checked.ok) {
      results.set(key, failure(raw, 'invalid_email', `"${raw.slice(0, 300)}" ${checked.reason}.`));
      continue;
    }
    results.set(key, failure(checked.email.display, 'validation_failed'));
    people.push({ email: checked.email.display, emailNormalized: key, name: (input.names?.[i] ?? input.name)?.trim() || null, group: 0 });
  }
  return { order, results, people };
}

/**
 * Adds the people who are not members yet and sorts out the rest: active and deactivated members
 * fail (R3), pending ones stay candidates for an invitation.
 */
async function addPeople(trx: Db, access: OrgAccess, input: InviteInput, people: InvitePerson[], results: Map<string, InviteResult>) {
  const invitedBy = actorRef(access.actor);
  const created = await insertPendingMembers(trx, { orgId: access.orgId, role: input.role, source: input.source, invitedBy }, people);
  const createdEmails = new Set(created.map((m) => m.emailNormalized));
  const existing = await lockMembersByEmail(trx, access.orgId, people.filter((p) => !createdEmails.has(p.emailNormalized)).map((p) => p.emailNormalized));
  const candidates: MemberKey[] = [...created];
  for (const m of existing) {
    if (m.status === 'active') results.set(m.emailNormalized, failure(m.email, 'already_member', undefined, m.id));
    else if (m.status === 'deactivated') results.set(m.emailNormalized, failure(m.email, 'member_deactivated', undefined, m.id));
    else candidates.push(m);
  }
  // Recorded by the caller, with the invitations' own events when it sends any (one statement).
  const groups = new Map(people.map((p) => [p.emailNormalized, p.group]));
  const groupOf = (m: MemberKey) => groups.get(m.emailNormalized) ?? 0;
  const audit = auditGroupedEntries(
    { orgId: access.orgId, actor: invitedBy, action: 'member.created' },
    created.map((m) => ({ target: `member:${m.id}`, data: { email: m.email, role: input.role, source: input.source }, group: groupOf(m) })),
  );
  return { createdIds: new Set(created.map((m) => m.id)), candidates, audit, groupOf };
}

/** What happened to one candidate member in this call. */
interface CandidateState {
  /** This call created the member. */
  isNew: boolean;
  /** The invitation this call issued, if it issued one. */
  invitationId: string | undefined;
  /** Invitations were to be sent (asked for, and notifications on). */
  sending: boolean;
  /** The member already held a live invitation (R3: then nothing new, whatever was asked). */
  waiting: boolean;
}

/** The outcome for one candidate of the batch. */
function outcomeOf(m: MemberKey, input: InviteInput, state: CandidateState): InviteResult {
  if (state.invitationId) return { email: m.email, outcome: 'invited', memberId: m.id, invitationId: state.invitationId };
  if (state.sending || state.waiting) return { email: m.email, outcome: 'already_invited', code: 'already_invited', memberId: m.id };
  if (state.isNew && input.sendInvite) return { email: m.email, outcome: 'created', code: 'notifications_disabled', message: errorCodes.notifications_disabled, memberId: m.id };
  if (state.isNew) return { email: m.email, outcome: 'created', memberId: m.id };
  return failure(m.email, input.sendInvite ? 'notifications_disabled' : 'member_exists', undefined, m.id);
}

/**
 * A pending member invited anew takes the role (and, for guests, the app access) of this invitation;
 * leaving the guest role drops app access, as a role change does. One with a pending invitation, or
 * one merely added before, is left as it is (R3).
 */
async function applyToReinvited(trx: Db, access: OrgAccess, input: InviteInput, reinvited: readonly MemberKey[], groupOf: (m: MemberKey) => number): Promise<void> {
  const changed = reinvited.filter((m) => m.role !== input.role);
  if (changed.length === 0) return;
  await setMembersRole(trx, access.orgId, changed.map((m) => m.id), input.role);
  await recordAudit(
    trx,
    auditGroupedEntries(
      { orgId: access.orgId, actor: actorRef(access.actor), action: 'member.updated' },
      changed.map((m) => ({ target: `member:${m.id}`, data: { role: { from: m.role, to: input.role } }, group: groupOf(m) })),
    ),
  );
}

type InviteOptions = InviteInput & { publicUrl: string; invitationsPerDay: number };

/**
 * What every call of a shared run meets alike (invite-shared.ts), before any person is written:
 * the organization's settings held, its apps and teams checked, the daily cap held (holdDailyLimit:
 * `left`, how many invitations may still go out today). A failure here is the run's, not one
 * call's (asSharedFailure).
 */
async function holdForInvite(trx: Db, access: OrgAccess, input: InviteOptions, expected: number) {
  try {
    const { org, sentLastDay } = input.sendInvite ? await holdOrganizationForSending(trx, access.orgId) : { org: await holdOrganizationSettings(trx, access.orgId) };
    if (input.apps?.length) await assertAppsExist(trx, org.id, input.apps);
    const teams = [...new Set(input.teams ?? [])];
    await assertTeamsExist(trx, org.id, teams);
    const sending = input.sendInvite && org.notificationsEnabled;
    const left = sending ? await holdDailyLimit(trx, org.id, input.invitationsPerDay, expected, sentLastDay) : Infinity;
    return { org, teams, sending, left };
  } catch (error) {
    throw asSharedFailure(error);
  }
}

/**
 * Near the daily cap: which of these people may go ahead (keepWithinDailyLimit), counting only the
 * addresses that will be sent an invitation, so one that sends nothing (a member, a deactivated
 * one, one already invited) takes no one's place, within a call or across the calls of a shared
 * run (their people in arrival order: as if they had come one after another). Those past the cap
 * are marked failed and nothing is written for them.
 */
async function keepWithinLimit(trx: Db, orgId: string, perDay: number, left: number, people: InvitePerson[], results: Map<string, InviteResult>) {
  const sendsNothing = await addressesSendingNothing(trx, orgId, people.map((p) => p.emailNormalized));
  return keepWithinDailyLimit(perDay, left, people, sendsNothing, (p, message) => results.set(p.emailNormalized, failure(p.email, 'daily_invitation_limit', message)));
}

/**
 * One slice of the batch in one transaction: add, invite, grant, and record each outcome.
 * `ownsTransaction`: the transaction is this call's alone (nothing follows it), so when the
 * invitations are its last write they may commit it (issueInvitations' `last`).
 */
async function invitePeople(trx: Db, access: OrgAccess, input: InviteOptions, people: InvitePerson[], results: Map<string, InviteResult>, ownsTransaction: boolean): Promise<void> {
  const { org, teams, sending, left } = await holdForInvite(trx, access, input, people.length);
  const allowed = left < people.length ? await keepWithinLimit(trx, org.id, input.invitationsPerDay, left, people, results) : people;
  const { createdIds, candidates, audit, groupOf } = await addPeople(trx, access, input, allowed, results);
  const existingIds = candidates.filter((m) => !createdIds.has(m.id)).map((m) => m.id);
  const waiting = new Set((await lockPendingForMembers(trx, org.id, existingIds)).live.map((l) => l.memberId));
  let invited = new Map<string, string>();
  if (sending) {
    const targets: InviteTarget[] = candidates
      .filter((m) => !waiting.has(m.id))
      .map((m) => ({ memberId: m.id, email: m.email, emailNormalized: m.emailNormalized, name: m.name, role: input.role, group: groupOf(m) }));
    // Kept within the cap above; should a member have changed since that look, the batch is tried again.
    assertLookHeld(input.invitationsPerDay, left, targets.length);
    // Nothing is written after the invitations when every candidate is new (no role to change) and no app or team is granted.
    const last = ownsTransaction && existingIds.length === 0 && !input.apps?.length && teams.length === 0;
    const issued = await issueInvitations(trx, { org, actor: access.actor, publicUrl: input.publicUrl, invitationsPerDay: null }, targets, audit, last);
    invited = new Map(issued.map((i) => [i.memberId, i.invitationId]));
  } else {
    await recordAudit(trx, audit);
  }
  const reinvited = candidates.filter((m) => !createdIds.has(m.id) && invited.has(m.id));
  await applyToReinvited(trx, access, input, reinvited, groupOf);
  const granted = [...createdIds, ...reinvited.map((m) => m.id)];
  await grantAppAccess(trx, org.id, granted, input.apps ?? []);
  await addMembersToTeams(trx, org.id, granted, teams);
  for (const m of candidates) {
    results.set(m.emailNormalized, outcomeOf(m, input, { isNew: createdIds.has(m.id), invitationId: invited.get(m.id), sending, waiting: waiting.has(m.id) }));
  }
}

/**
 * Adds people to an organization and, unless told not to, invites them (R1–R6): one outcome per
 * distinct address, set-based writes, and one bad address never sinks the rest. With notifications
  * off, people are added and nothing is queued (R5). Addresses past the organization's daily cap
 * (`invitationsPerDay`) fail with daily_invitation_limit and nothing is written for them. Each
 * address's outcome stands alone (R1), so on a single-connection database the batch runs as several
 * bounded transactions, letting other requests in between; on PostgreSQL it is one transaction.
 * A small call may share its transaction with concurrent calls of the same kind (invite-shared.ts),
 * with the same outcomes and audit events as if they had come one after another.
 */
export async function inviteMembers(db: Db, access: OrgAccess, input: InviteInput, publicUrl: string, invitationsPerDay: number): Promise<InviteReport> {
  requireAdmin(access);
  requireGrantable(access, input.role);
  validateInput(input);
  const { order, results, people } = parseAddresses(input);
  const options = { ...input, publicUrl, invitationsPerDay };
  if (people.length > 0 && people.length <= SHARED_INVITE_MAX) {
    await inviteShared(db, sharedKind(access, options), people, results, (trx, together, outcomes) => invitePeople(trx, access, options, together, outcomes, true));
  } else {
    await inSlices(db, people, async (part) => {
      await withSettledLook(db, (trx) => invitePeople(trx, access, options, part, results, true));
      return true;
    });
  }

  const list = order.map((k) => results.get(k)!);
  const counts: Record<InviteOutcome, number> = { invited: 0, created: 0, already_invited: 0, failed: 0 };
  for (const r of list) counts[r.outcome]++;
  return { results: list, counts };
}

/**
 * Invites one address inside the caller's transaction, through the same steps as inviteMembers
 * (R1–R6, the mute, the daily cap, the audit): for callers that must decide something else in the
 * same transaction, such as approving an invitation request.
 */
export async function inviteOneInTransaction(trx: Db, access: OrgAccess, input: InviteInput, publicUrl: string, invitationsPerDay: number): Promise<InviteResult> {
  requireAdmin(access);
  requireGrantable(access, input.role);
  validateInput(input);
  if (input.emails.length !== 1) throw new DomainError('validation_failed', 'emails: give exactly one address.');
  const { order, results, people } = parseAddresses(input);
  if (people.length) await invitePeople(trx, access, { ...input, publicUrl, invitationsPerDay }, people, results, false);
  return results.get(order[0]!)!;
}
