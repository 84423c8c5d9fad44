import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { fileRequest } from '../../storage/invitation-requests.ts';
import { enqueueNotifications } from '../../storage/outbox.ts';
import { hitRateLimit } from '../../storage/rate-limits.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';
import { findOrganization, holdOrganizationSettings, type Organization } from '../organizations/organization.ts';
import { hashSecret, newSecret } from '../secrets.ts';

export interface InvitationRequestInput {
  email: string;
  name: string;
  message?: string | null | undefined;
}

export interface RequestContext {
  /** The caller's address, for the per-address limit. */
  clientIp: string;
  publicUrl: string;
  limits: { perIpPerHour: number; perOrgPerHour: number };
}

/** The organization whose sign-in page takes invitation requests; org_not_found when it does not exist or does not take them. */
export async function findRequestableOrganization(db: Db, ref: string): Promise<Organization> {
  const org = await findOrganization(db, ref);
  if (!org || !org.invitationRequestsEnabled) throw new DomainError('org_not_found');
  return org;
}

async function enforceLimits(db: Db, org: Organization, ctx: RequestContext): Promise<void> {
  for (const [bucket, key, limit] of [['request-ip', ctx.clientIp, ctx.limits.perIpPerHour], ['request-org', org.id, ctx.limits.perOrgPerHour]] as const) {
    const hit = await hitRateLimit(db, bucket, key, limit, 3600);
    if (!hit.allowed) throw new DomainError('rate_limited', `Too many invitation requests; try again in ${Math.ceil(hit.retryAfterSeconds / 60)} minutes.`, { retryAfterSeconds: hit.retryAfterSeconds });
  }
}

function allowedDomain(org: Organization, normalized: string): boolean {
  return org.invitationRequestDomains.length === 0 || org.invitationRequestDomains.includes(normalized.slice(normalized.lastIndexOf('@') + 1));
}

/**
 * Someone asks to be invited (R12). Answers nothing about the address: whether it is unknown, a
 * member, invited, already requested or dismissed, the caller learns only that the request was
 * received, and the same statements run. The request waits, unconfirmed, for its owner to follow
 * the link mailed to the address (one email per address and organization per day at most; none
 * while notifications are off). An address outside the allowed domains is stored nowhere.
 * Rate-limited per client address and per organization, across processes.
 */
export async function requestInvitation(db: Db, ref: string, input: InvitationRequestInput, ctx: RequestContext): Promise<void> {
  const org = await findRequestableOrganization(db, ref);
  await enforceLimits(db, org, ctx);
  const checked = checkEmail(input.email);
  if (!checked.ok) throw new DomainError('invalid_email', `email: "${input.email.slice(0, 300)}" ${checked.reason}.`, { errors: [{ path: 'email', message: checked.reason }] });
  if (!allowedDomain(org, checked.email.normalized)) return;
  const name = input.name.trim();
  const message = input.message?.trim() || null;
  const token = newSecret('glr');
  await db.transaction().execute(async (trx) => {
    const held = await holdOrganizationSettings(trx, org.id);
    const filed = await fileRequest(trx, { orgId: org.id, email: checked.email.display, emailNormalized: checked.email.normalized, name, message, tokenHash: hashSecret(token) });
    if (filed.created) {
      await recordAudit(trx, [{ orgId: org.id, actor: 'system:public', action: 'invitation_request.requested', target: `invitation_request:${filed.id}`, data: { email: checked.email.display, name } }]);
    }
    if (filed.confirmationDue && held.notificationsEnabled) {
      const confirmUrl = `${ctx.publicUrl}/request/confirm#token=${encodeURIComponent(token)}`;
      await enqueueNotifications(trx, [
        { orgId: org.id, channel: 'email', kind: 'invitation_request_confirmation', recipient: checked.email.display, payload: { name, orgName: held.name, confirmUrl } },
      ]);
    }
  });
}
