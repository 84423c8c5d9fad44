import { recordAudit, recordAuditBatch } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { decideRequest, dismissStaleRequests, lockRequest, type RequestRow } from '../../storage/invitation-requests.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { actorRef, type OrgAccess } from '../actor.ts';
import type { AppGrant } from '../apps/check-apps.ts';
import { DomainError } from '../errors.ts';
import { inviteOneInTransaction, type InviteResult } from '../invitations/invite.ts';
import { isId } from '../organizations/organization.ts';
import { requireAdmin } from '../organizations/access.ts';

/** The open request, locked for the caller's transaction; request_not_found, already_member (stale) or request_not_open otherwise. */
async function lockOpenRequest(trx: Db, access: OrgAccess, id: string): Promise<RequestRow> {
  const request = isId(id) ? await lockRequest(trx, access.orgId, id) : undefined;
  if (!request) throw new DomainError('request_not_found');
  if (request.status === 'stale') throw new DomainError('already_member', `${request.email} is already an active member; dismiss the request.`);
  if (request.status !== 'open') throw new DomainError('request_not_open', `This request is ${request.status}.`);
  return request;
}

export interface Approval {
  role: OrgRole;
  apps?: readonly AppGrant[] | undefined;
}

/**
 * Approves an open request (R13): it becomes an invitation through the same steps as any invite
 * (R3, R5 and the mute, the daily cap, the audit), in the same transaction as the decision, so an
 * approve and a dismiss racing on one request cannot both happen. An invite that fails (the
 * daily cap, say) fails the approval and leaves the request open.
 */
export async function approveInvitationRequest(db: Db, access: OrgAccess, id: string, approval: Approval, publicUrl: string, invitationsPerDay: number): Promise<{ request: RequestRow; result: InviteResult }> {
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const request = await lockOpenRequest(trx, access, id);
    const result = await inviteOneInTransaction(trx, access, { emails: [request.email], name: request.name, role: approval.role, apps: approval.apps, sendInvite: true, source: 'request' }, publicUrl, invitationsPerDay);
    if (result.outcome === 'failed') throw new DomainError(result.code ?? 'validation_failed', result.message);
    const by = actorRef(access.actor);
    await decideRequest(trx, access.orgId, request.id, { status: 'approved', by, invitationId: result.invitationId ?? null });
    await recordAudit(trx, [{ orgId: access.orgId, actor: by, action: 'invitation_request.approved', target: `invitation_request:${request.id}`, data: { email: request.email, role: approval.role, outcome: result.outcome } }]);
    return { request: { ...request, status: 'approved' as const, invitationId: result.invitationId ?? null }, result };
  });
}

/** Dismisses an open (or stale) request (R13); nothing is sent to the requester. */
export async function dismissInvitationRequest(db: Db, access: OrgAccess, id: string): Promise<void> {
  requireAdmin(access);
  await db.transaction().execute(async (trx) => {
    const request = isId(id) ? await lockRequest(trx, access.orgId, id) : undefined;
    if (!request) throw new DomainError('request_not_found');
    if (request.status !== 'open' && request.status !== 'stale') throw new DomainError('request_not_open', `This request is ${request.status}.`);
    const by = actorRef(access.actor);
    await decideRequest(trx, access.orgId, request.id, { status: 'dismissed', by });
    await recordAudit(trx, [{ orgId: access.orgId, actor: by, action: 'invitation_request.dismissed', target: `invitation_request:${request.id}`, data: { email: request.email, stale: request.status === 'stale' } }]);
  });
}

/** Dismisses every stale request at once (R13): exactly the open ones whose address is an active member. */
export async function dismissStaleInvitationRequests(db: Db, access: OrgAccess): Promise<{ dismissed: number }> {
  requireAdmin(access);
  return db.transaction().execute(async (trx) => {
    const by = actorRef(access.actor);
    const dismissed = await dismissStaleRequests(trx, access.orgId, by);
    await recordAuditBatch(trx, { orgId: access.orgId, actor: by, action: 'invitation_request.dismissed' }, dismissed.map((r) => ({ target: `invitation_request:${r.id}`, data: { email: r.email, stale: true } })));
    return { dismissed: dismissed.length };
  });
}
