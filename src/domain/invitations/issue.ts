import type { Db } from '../../storage/db.ts';
import { recordAudit, type AuditEntry } from '../../storage/audit.ts';
import { writeNewInvitations, writeResentInvitations, type InvitationBatch, type InvitationEmail, type InvitationEmailOwnFields } from '../../storage/invitation-writes.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { actorRef, inviterNameForInvitee, personInviting, type Actor } from '../actor.ts';
import { assertWithinDailyLimit } from './daily-limit.ts';
import type { Organization } from '../organizations/organization.ts';
import { newSecrets } from '../secrets.ts';
import { invitationEmailPayload, type InvitationEmailPayload } from './invitation.ts';

export interface InviteTarget {
  memberId: string;
  email: string;
  emailNormalized: string;
  name: string | null;
  role: OrgRole;
  /** Whose change it is, when several callers' invitations are issued together (InvitationToWrite.group). */
  group?: number | undefined;
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

/**
 * What every invitation email of one batch shares, taken from invitationEmailPayload itself (the
 * one definition of the payload): the fields that do not depend on the invitation, and the link
 * without its token. The storage statement adds each invitation's own fields.
 */
function batchEmail(ctx: IssueContext, kind: InvitationEmail['kind']): InvitationEmail {
  const inviterName = inviterNameForInvitee(personInviting(ctx.actor), ctx.org.name);
  const { org } = ctx;
  const sample: InvitationEmailPayload = invitationEmailPayload(
    { invitationId: '', memberId: '', email: '', name: null, orgId: org.id, orgName: org.name, orgSlug: org.slug, inviterName, role: 'member', expiresAt: new Date(0) },
    ctx.publicUrl,
    '',
  );
  // The invitation's own fields are left out (storage fills them per row); a field added to the
  // payload lands in `common`, the same for every email, unless it is added to them.
  const { invitationId, memberId, email, name, role, expiresAt, acceptUrl, ...common } = sample satisfies Record<InvitationEmailOwnFields, unknown>;
  return { kind, common, linkPrefix: acceptUrl };
}

function batchOf(ctx: IssueContext, kind: InvitationEmail['kind'], precedingAudit: readonly AuditEntry[]): InvitationBatch {
  return { orgId: ctx.org.id, actor: actorRef(ctx.actor), ttlDays: ctx.org.invitationTtlDays, email: batchEmail(ctx, kind), precedingAudit };
}

/**
 * Creates one pending invitation per target that has none, queues its email and audits it (with
 * `precedingAudit`, the caller's own events of the same change, first), all in the caller's
 * transaction and one statement; the expiry is counted on the database's clock. Targets (distinct
 * members) that already hold a pending invitation are left alone (the partial unique index
 * decides, so concurrent callers cannot both win) and are not returned. Fails with
 * daily_invitation_limit (the caller's transaction rolls back) when the targets would pass the
 * organization's daily cap. `last`: the caller sends nothing after this in its transaction, which
 * the write then commits (writeNewInvitations).
 */
export async function issueInvitations(trx: Db, ctx: IssueContext, targets: readonly InviteTarget[], precedingAudit: readonly AuditEntry[] = [], last = false): Promise<Issued[]> {
  if (targets.length === 0) {
    await recordAudit(trx, precedingAudit);
    return [];
  }
  await assertWithinDailyLimit(trx, ctx.org.id, ctx.invitationsPerDay, targets.length);
  const tokens = newSecrets('gli', targets.length);
  const rows = targets.map((t, i) => ({ ...t, token: tokens[i]! }));
  const created = await writeNewInvitations(trx, batchOf(ctx, 'invitation', precedingAudit), rows, last);
  return created.map((c) => ({ invitationId: c.id, memberId: c.memberId }));
}

/**
 * Resends invitations (PRODUCT §1.3): each gets a new token (the old one stops working at once),
 * a new expiry, sentCount + 1 and status pending; its email is queued again.
 * The rows must be pending or expired and locked by the caller. Fails with daily_invitation_limit,
 * changing nothing, when the resends would pass the organization's daily cap. Returns the
 * invitations resent, in the order given (one that no longer exists is not).
 */
export async function resendInvitations(
  trx: Db,
  ctx: IssueContext,
  invitations: readonly (InviteTarget & { invitationId: string })[],
): Promise<Issued[]> {
  if (invitations.length === 0) return [];
  await assertWithinDailyLimit(trx, ctx.org.id, ctx.invitationsPerDay, invitations.length);
  const tokens = newSecrets('gli', invitations.length);
  const resent = await writeResentInvitations(trx, batchOf(ctx, 'invitation_resend', []), invitations.map((inv, i) => ({ ...inv, token: tokens[i]! })));
  return resent.map((r) => ({ invitationId: r.id, memberId: r.memberId }));
}
