import { z } from '@hono/zod-openapi';
import type { ListedInvitation } from '../../domain/invitations/list-invitations.ts';
import { FAILURES_LISTED } from '../../domain/invitations/send-report.ts';
import type { InvitationRow } from '../../storage/invitations.ts';
import { AppGrant, Role } from '../schemas.ts';
import { isoTime, isoTimeOrNull } from '../../text/iso-time.ts';

export const InvitationStatus = z.enum(['pending', 'accepted', 'declined', 'revoked', 'expired']).openapi('InvitationStatus');

export const Invitation = z
  .object({
    id: z.string(),
    memberId: z.string().nullable(),
    email: z.string(),
    role: Role,
    status: InvitationStatus.openapi({ description: 'Effective status: a pending invitation past expiresAt reads as expired' }),
    expiresAt: z.string(),
    sentCount: z.number().int(),
    lastSentAt: z.string(),
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    acceptedAt: z.string().nullable(),
    declinedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Invitation');

export const ListedInvitationSchema = Invitation.extend({
  name: z.string().nullable().openapi({ description: "The invitee's name, when the organization or their account knows it" }),
  inviter: z.object({ name: z.string() }).nullable().openapi({ description: 'Who sent it: a person, an API token, or Guestlist; null when that account was deleted' }),
}).openapi('ListedInvitation');

/** The API shape of an invitation; never includes the token or its hash. */
export function presentInvitation(row: Omit<InvitationRow, 'orgId' | 'emailNormalized'>) {
  return {
    id: row.id,
    memberId: row.memberId,
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: isoTime(row.expiresAt),
    sentCount: row.sentCount,
    lastSentAt: isoTime(row.lastSentAt),
    invitedBy: row.invitedBy,
    createdAt: isoTime(row.createdAt),
    acceptedAt: isoTimeOrNull(row.acceptedAt),
    declinedAt: isoTimeOrNull(row.declinedAt),
    revokedAt: isoTimeOrNull(row.revokedAt),
  };
}

/** The API shape of an invitation in the list: with the invitee's and the inviter's names. */
export function presentListedInvitation(row: ListedInvitation): z.infer<typeof ListedInvitationSchema> {
  return { ...presentInvitation(row), name: row.name, inviter: row.inviter };
}

export const InviteBody = z
  .strictObject({
    emails: z
      .union([z.array(z.string().max(1000)).min(1), z.string().min(1).max(2_000_000)])
      .openapi({ description: 'Addresses: a list, or one string separated by commas or new lines. At most 10,000.' }),
    role: Role,
    name: z.string().trim().min(1).max(200).optional().openapi({ description: 'Only when inviting one person' }),
    apps: z.array(AppGrant).max(500).optional().openapi({ description: 'App access, for guests' }),
    teams: z.array(z.uuid()).max(500).optional().openapi({ description: 'Teams the people join now, before they sign in' }),
    sendInvite: z.boolean().default(true).openapi({ description: 'false: only add the pending members ("Create only")' }),
  })
  .openapi('InviteRequest');

const Outcome = z.enum(['invited', 'created', 'already_invited', 'failed']);

/** What happened to one address of an invite. */
export const InviteResultSchema = z
  .object({
    email: z.string(),
    outcome: Outcome,
    code: z.string().optional(),
    message: z.string().optional(),
    memberId: z.string().optional(),
    invitationId: z.string().optional(),
  })
  .openapi('InviteResult');

export const InviteReport = z
  .object({
    results: z.array(InviteResultSchema),
    counts: z.object({ invited: z.number(), created: z.number(), already_invited: z.number(), failed: z.number() }),
  })
  .openapi('InviteReport');

export const SendBody = z
  .union([
    z.strictObject({ scope: z.literal('pending') }),
    z.strictObject({ members: z.array(z.string().min(1).max(1000)).min(1) }),
  ])
  .openapi('SendInvitationsRequest', { description: '`{scope:"pending"}` for every pending member, or `{members:[id or email]}`' });

/** What happened to one member of a send. */
const SendResultSchema = z
  .object({
    member: z.string().openapi({ description: 'The id or address as given; for a send to all pending, the address' }),
    outcome: z.enum(['invited', 'resent', 'failed']),
    memberId: z.string().optional(),
    email: z.string().optional(),
    invitationId: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  })
  .openapi('SendResult');

export const SendReport = z
  .object({
    results: z.array(SendResultSchema).openapi({
      description: `Named members: one result per name, in the order given. Scope pending (\`summarized\`): only the members who were not sent an invitation, in member order, at most ${FAILURES_LISTED}`,
    }),
    counts: z.object({ invited: z.number(), resent: z.number(), failed: z.number() }).openapi({ description: 'Every member of the send, listed in results or not' }),
    summarized: z.boolean().openapi({
      description: `true for \`scope: pending\`: \`results\` lists failures only, at most ${FAILURES_LISTED} (\`counts.failed\` says how many there were), since the organization may have any number of pending members`,
    }),
  })
  .openapi('SendReport');

export const CheckBody = z.strictObject({ emails: z.array(z.string().max(1000)).min(1).openapi({ description: 'At most 10,000' }) }).openapi('CheckAddressesRequest');

export const AddressCheck = z
  .object({
    notes: z.array(
      z.object({
        index: z.number().int().openapi({ description: 'Position in the list sent' }),
        email: z.string(),
        code: z.enum(['invalid_email', 'duplicate', 'already_member', 'member_deactivated', 'already_invited']),
        message: z.string(),
        duplicateOf: z.number().int().optional().openapi({ description: 'For a duplicate: the position of its first occurrence' }),
      }),
    ),
  })
  .openapi('AddressCheck', { description: 'invalid_email and duplicate are refused by the invite; the others are people the organization already has' });
