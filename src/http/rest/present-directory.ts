/** Response schemas and presenters for members, apps, teams, API tokens, audit events and notifications. */
import { z } from '@hono/zod-openapi';
import type { AppView } from '../../domain/apps/manage-apps.ts';
import type { MemberView } from '../../domain/members/member.ts';
import type { TeamView } from '../../domain/teams/manage-teams.ts';
import type { AuditEventView } from '../../domain/audit/list-activity.ts';
import type { TokenView } from '../../domain/tokens/manage-tokens.ts';
import type { TimeKey } from '../../storage/audit-list.ts';
import type { NotificationRow } from '../../storage/notifications-list.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { AppRole, IdParam, OrgParam, Role } from '../schemas.ts';
import { isoTime, isoTimeOrNull } from '../../text/iso-time.ts';

export const MemberStatus = z.enum(['pending', 'active', 'deactivated']).openapi('MemberStatus');
/** The badges of pending members (PRODUCT §1.2), from their latest invitation. */
export const MEMBER_BADGES = ['not_invited', 'invited', 'expired', 'declined'] as const;
export const TokenScope = z.enum(['admin', 'read', 'scim']).openapi('TokenScope');

export const Member = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    status: MemberStatus,
    source: z.enum(['console', 'api', 'graphql', 'scim', 'request', 'cli']),
    accountId: z.string().nullable(),
    invitedBy: z.string().nullable().openapi({ description: 'Who added the person, as recorded: account:<id>, token:<id> or system:<name>' }),
    inviter: z.object({ name: z.string() }).nullable().openapi({ description: 'Who added the person, by name: the person, or the API token; null when that account is gone' }),
    createdAt: z.string(),
    joinedAt: z.string().nullable(),
    teams: z.array(z.object({ id: z.string(), name: z.string() })),
    apps: z.array(z.object({ appId: z.string(), appRole: AppRole, name: z.string() })),
    badge: z.enum(MEMBER_BADGES).nullable().openapi({ description: 'Pending members only: from the latest invitation' }),
    invitation: z
      .object({
        id: z.string(),
        status: z.enum(['pending', 'accepted', 'declined', 'revoked', 'expired']).openapi({ description: 'Effective: pending past expiresAt reads as expired' }),
        expiresAt: z.string(),
        sentCount: z.number().int(),
        lastSentAt: z.string(),
      })
      .nullable()
      .openapi({ description: 'Pending members only: the latest invitation' }),
    isLastAdmin: z.boolean().openapi({ description: "The organization's only active admin: removing, demoting or deactivating them fails with last_admin" }),
  })
  .openapi('Member');

/** The API shape of a member. */
export function presentMember(m: MemberView): z.infer<typeof Member> {
  return {
    id: m.id, email: m.email, name: m.name, role: m.role, status: m.status, source: m.source, accountId: m.accountId, invitedBy: m.invitedBy,
    inviter: m.inviter, createdAt: isoTime(m.createdAt), joinedAt: isoTimeOrNull(m.joinedAt), teams: m.teams, apps: m.apps, badge: m.badge,
    invitation: m.invitation && { ...m.invitation, expiresAt: isoTime(m.invitation.expiresAt), lastSentAt: isoTime(m.invitation.lastSentAt) },
    isLastAdmin: m.isLastAdmin,
  };
}

export const App = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), appRole: AppRole.nullable().openapi({ description: "A guest's own role on the app; null for members and admins" }) })
  .openapi('App');

/** The API shape of an app. */
export function presentApp(a: AppView): z.infer<typeof App> {
  return { id: a.id, name: a.name, createdAt: isoTime(a.createdAt), appRole: a.appRole };
}

export const Team = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), memberCount: z.number().int() }).openapi('Team');

/** The API shape of a team. */
export function presentTeam(t: TeamView): z.infer<typeof Team> {
  return { id: t.id, name: t.name, createdAt: isoTime(t.createdAt), memberCount: t.memberCount };
}

export const ApiToken = z
  .object({
    id: z.string(), name: z.string(), scope: TokenScope, createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
    createdBy: z.string().nullable().openapi({ description: 'Who created it, as recorded: account:<id>, token:<id> or system:<job>' }),
    createdByName: z.string().nullable().openapi({ description: "Who created it, readable: a person's name, an API token or Guestlist" }),
  })
  .openapi('ApiToken');

/** The API shape of a token: never its secret or hash. */
export function presentToken(t: TokenView): z.infer<typeof ApiToken> {
  return {
    id: t.id, name: t.name, scope: t.scope, createdAt: isoTime(t.createdAt), lastUsedAt: isoTimeOrNull(t.lastUsedAt), revokedAt: isoTimeOrNull(t.revokedAt),
    createdBy: t.createdBy, createdByName: t.createdByName,
  };
}

export const AuditEvent = z
  .object({
    id: z.string(),
    actor: z.string().openapi({ description: 'Who acted, as recorded: account:<id>, token:<id> or system:<job>; what ?actor= filters on' }),
    actorName: z.string().openapi({ description: "Who acted, readable: a person's name (or address), an API token, or a Guestlist job" }),
    action: z.string(),
    target: z.string().nullable().openapi({ description: 'What it was done to, as recorded: member:<id>, invitation:<id>, api_token:<id>, app:<id>, team:<id>, ...' }),
    targetName: z.string().nullable().openapi({ description: "What the target is called now (a member's name and address, an invitation's address, a name); null when it is gone or has no name" }),
    data: z.record(z.string(), z.unknown()), at: z.string(),
  })
  .openapi('AuditEvent');

/** The API shape of an audit event. */
export function presentAuditEvent(e: AuditEventView): z.infer<typeof AuditEvent> {
  return { id: e.id, actor: e.actor, actorName: e.actorName, action: e.action, target: e.target, targetName: e.targetName, data: e.data, at: isoTime(e.at) };
}

export const NotificationStatus = z.enum(['queued', 'sent', 'failed', 'suppressed']).openapi('NotificationStatus');

export const Notification = z
  .object({
    id: z.string(), channel: z.enum(['email', 'slack', 'webhook']), kind: z.string(), recipient: z.string(), status: NotificationStatus,
    attempts: z.number().int(), lastError: z.string().nullable().openapi({ description: 'Why it failed or was suppressed' }), createdAt: z.string(), sentAt: z.string().nullable(),
    invitationId: z.string().nullable().openapi({ description: 'The invitation it is about, if any (a failed invitation email is resent through it)' }),
  })
  .openapi('Notification', { description: 'One message to deliver; its payload (which carries invitation links) is never shown' });

/** The API shape of a notification: never its payload. */
export function presentNotification(n: NotificationRow): z.infer<typeof Notification> {
  return {
    id: n.id, channel: n.channel, kind: n.kind, recipient: n.recipient, status: n.status, attempts: n.attempts, lastError: n.lastError,
    createdAt: isoTime(n.createdAt), sentAt: isoTimeOrNull(n.sentAt), invitationId: n.invitationId,
  };
}

/** A keyset page as the API shows it. */
export function pageOf<T>(items: T[], nextCursor: string | undefined): { items: T[]; nextCursor: string | null } {
  return { items, nextCursor: nextCursor ?? null };
}

/** Path parameters of one resource of an organization: a malformed id answers 400 before any lookup. */
export const OrgResourceParams = OrgParam.extend({ id: IdParam.openapi({ param: { name: 'id', in: 'path' } }) });

/** The opaque cursor of a newest-first page, or undefined on the last page. */
export function timeCursor(key: TimeKey | undefined): string | undefined {
  return key && encodeCursor([key.time, key.id]);
}

/** The position an opaque newest-first cursor stands for (validation_failed when it is not one of ours). */
export function timeKey(cursor: string | undefined): TimeKey | undefined {
  const key = decodeCursor(cursor, 2);
  return key && { time: key[0]!, id: key[1]! };
}
