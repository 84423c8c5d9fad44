import type { Db } from '../../storage/db.ts';
import { auditBatchEntries, auditInsert, recordAudit, type AuditEntry } from '../../storage/audit.ts';
import { insertInvitations, reissueInvitationTokens, type NewInvitationRow } from '../../storage/invitations.ts';
import { enqueueNotifications } from '../../storage/outbox.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { actorDisplayName, actorRef, inviterNameForInvitee, type Actor } from '../actor.ts';
import { assertWithinDailyLimit } from './daily-limit.ts';
import type { Organization } from '../organizations/organization.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import { invitationEmailPayload, type InvitationEmailPayload } from './invitation.ts';

export interface InviteTarget {
  memberId: string;
  email: string;
  emailNormalized: string;
  name: string | null;
  role: OrgRole;
}

export interface IssueContext {
  org: Organization;
  actor: Actor;
  publicUrl: string;
  /** The organization's cap on invitations sent in 24 hours (INVITATIONS_PER_DAY_PER_ORG); null: not capped (system work). */
  invitationsPerDay: number | null;
}

export interface Issued {
  invitationId: string;
  memberId: string;
}

function emailPayload(ctx: IssueContext, t: InviteTarget, invitationId: string, token: string, expiresAt: Date): InvitationEmailPayload {
  const inviterName = inviterNameForInvitee(ctx.actor.kind === 'account' ? actorDisplayName(ctx.actor) : null, ctx.org.name);
  const { org } = ctx;
  return invitationEmailPayload(
    { invitationId, memberId: t.memberId, email: t.email, name: t.name, orgId: org.id, orgName: org.name, orgSlug: org.slug, inviterName, role: t.role, expiresAt },
    ctx.publicUrl,
    token,
  );
}

/**
 * Creates one pending invitation per target that has none, queues its email and audits it (with
 * `precedingAudit`, the caller's own events of the same change, first), all in
 * the caller's transaction; the expiry is counted on the database's clock. Targets that already hold a pending invitation are left alone (the
 * partial unique index decides, so concurrent callers cannot both win) and are not returned.
 * Fails with daily_invitation_limit (the caller's transaction rolls back) when the new
 * invitations would pass the organization's daily cap.
 */
export async function issueInvitations(trx: Db, ctx: IssueContext, targets: readonly InviteTarget[], precedingAudit: readonly AuditEntry[] = []): Promise<Issued[]> {
  if (targets.length === 0) {
    await recordAudit(trx, precedingAudit);
    return [];
  }
  const tokens = targets.map(() => newSecret('gli'));
  const rows: NewInvitationRow[] = targets.map((t, i) => ({
    memberId: t.memberId,
    email: t.email,
    emailNormalized: t.emailNormalized,
    role: t.role,
    tokenHash: hashSecret(tokens[i]!),
  }));
  const created = await insertInvitations(trx, { orgId: ctx.org.id, invitedBy: actorRef(ctx.actor), ttlDays: ctx.org.invitationTtlDays }, rows);
  await assertWithinDailyLimit(trx, ctx.org.id, ctx.invitationsPerDay, created.length);
  const byMember = new Map(targets.map((t, i) => [t.memberId, { t, token: tokens[i]! }]));
  const issued = created.map((c) => ({ invitationId: c.id, memberId: c.memberId }));
  await enqueueNotifications(
    trx,
    created.map(({ id: invitationId, memberId, expiresAt }) => {
      const { t, token } = byMember.get(memberId)!;
      return { orgId: ctx.org.id, channel: 'email' as const, kind: 'invitation', recipient: t.email, payload: { ...emailPayload(ctx, t, invitationId, token, expiresAt) } };
    }),
    // The audit rows go in the same statement as the messages (one round trip), after the caller's.
    [auditInsert([
      ...precedingAudit,
      ...auditBatchEntries(
        { orgId: ctx.org.id, actor: actorRef(ctx.actor), action: 'invitation.created' },
        issued.map(({ invitationId, memberId }) => ({
          target: `invitation:${invitationId}`,
          data: { memberId, email: byMember.get(memberId)!.t.email, role: byMember.get(memberId)!.t.role },
        })),
      ),
    ])],
  );
  return issued;
}

/**
 * Resends invitations (PRODUCT §1.3): each gets a new token (the old one stops working at once),
 * a new expiry, sentCount + 1 and status pending; its email is queued again.
 * The rows must be pending or expired and locked by the caller. Fails with daily_invitation_limit,
 * changing nothing, when the resends would pass the organization's daily cap.
 */
export async function resendInvitations(
  trx: Db,
  ctx: IssueContext,
  invitations: readonly (InviteTarget & { invitationId: string })[],
): Promise<Issued[]> {
  if (invitations.length === 0) return [];
  await assertWithinDailyLimit(trx, ctx.org.id, ctx.invitationsPerDay, invitations.length);
  const tokens = invitations.map(() => newSecret('gli'));
  const expiresAt = await reissueInvitationTokens(trx, {
    orgId: ctx.org.id,
    ttlDays: ctx.org.invitationTtlDays,
    ids: invitations.map((i) => i.invitationId),
    tokenHashes: tokens.map((t) => hashSecret(t)),
  });
  await enqueueNotifications(
    trx,
    invitations.map((inv, i) => ({
      orgId: ctx.org.id,
      channel: 'email' as const,
      kind: 'invitation_resend',
      recipient: inv.email,
      payload: { ...emailPayload(ctx, inv, inv.invitationId, tokens[i]!, expiresAt) },
    })),
    [auditInsert(auditBatchEntries(
      { orgId: ctx.org.id, actor: actorRef(ctx.actor), action: 'invitation.resent' },
      invitations.map((inv) => ({ target: `invitation:${inv.invitationId}`, data: { memberId: inv.memberId, email: inv.email } })),
    ))],
  );
  return invitations.map((i) => ({ invitationId: i.invitationId, memberId: i.memberId }));
}
