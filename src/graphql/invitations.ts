import { getInvitation, listInvitations, type InvitationKey } from '../domain/invitations/list-invitations.ts';
import { resendInvitation, revokeInvitation } from '../domain/invitations/manage.ts';
import { updateSettings } from '../domain/organizations/update-settings.ts';
import { DomainError } from '../domain/errors.ts';
import type { InvitationStatus as Status, OrgRole } from '../storage/schema.ts';
import { Account } from './account.ts';
import { builder, type GraphqlContext } from './builder.ts';
import { fromGlobalId, toGlobalId } from './ids.ts';
import { PageInfo, Error } from './user-types.ts';
import { isoTime } from '../text/iso-time.ts';

/** An invitation as GraphQL shows it (Guestlist's own addition to OpsLevel's schema). */
interface InvitationShape {
  id: string;
  memberId: string | null;
  email: string;
  role: OrgRole;
  status: Status;
  expiresAt: Date;
  sentCount: number;
  lastSentAt: Date;
  createdAt: Date;
}

const InvitationStatus = builder.enumType('InvitationStatus', { values: ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const });
const MemberRole = builder.enumType('MemberRole', { description: "Guestlist's own roles", values: ['admin', 'member', 'guest'] as const });

const Invitation = builder.objectRef<InvitationShape>('Invitation');
Invitation.implement({
  fields: (t) => ({
    id: t.id({ nullable: false, resolve: (i) => toGlobalId('Invitation', i.id) }),
    userId: t.id({ resolve: (i) => (i.memberId ? toGlobalId('User', i.memberId) : null) }),
    email: t.exposeString('email', { nullable: false }),
    role: t.field({ type: MemberRole, nullable: false, resolve: (i) => i.role }),
    status: t.field({ type: InvitationStatus, nullable: false, resolve: (i) => i.status }),
    expiresAt: t.string({ nullable: false, resolve: (i) => isoTime(i.expiresAt) }),
    sentCount: t.exposeInt('sentCount', { nullable: false }),
    lastSentAt: t.string({ nullable: false, resolve: (i) => isoTime(i.lastSentAt) }),
    createdAt: t.string({ nullable: false, resolve: (i) => isoTime(i.createdAt) }),
  }),
});

const InvitationConnection = builder.objectRef<{ nodes: InvitationShape[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } }>('InvitationConnection');
InvitationConnection.implement({
  fields: (t) => ({
    nodes: t.field({ type: [Invitation], nullable: false, resolve: (c) => c.nodes }),
    pageInfo: t.field({ type: PageInfo, nullable: false, resolve: (c) => c.pageInfo }),
  }),
});

const encodeKey = (key: InvitationKey) => Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
function decodeKey(after: string | null | undefined): InvitationKey | undefined {
  if (!after) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
    return { createdAt, id };
  } catch {
    throw new DomainError('validation_failed', 'after: not a cursor this API gave out.');
  }
}

const Settings = builder.objectRef<{ notificationsEnabled: boolean; invitationRequestsEnabled: boolean; invitationTtlDays: number }>('Settings');
Settings.implement({
  fields: (t) => ({
    notificationsEnabled: t.exposeBoolean('notificationsEnabled', { nullable: false }),
    invitationRequestsEnabled: t.exposeBoolean('invitationRequestsEnabled', { nullable: false }),
    invitationTtlDays: t.exposeInt('invitationTtlDays', { nullable: false }),
  }),
});

builder.objectFields(Account, (t) => ({
  invitations: t.field({
    type: InvitationConnection,
    nullable: false,
    description: 'Invitations, newest first, in pages of up to 200 (Guestlist)',
    args: { status: t.arg({ type: InvitationStatus }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_a, args, ctx) => {
      const limit = Math.min(Math.max(args.first ?? 50, 1), 200);
      const page = await listInvitations(ctx.db, ctx.access, { status: args.status ?? undefined, after: decodeKey(args.after), limit });
      return {
        nodes: page.items,
        pageInfo: { hasNextPage: !!page.next, hasPreviousPage: !!args.after, startCursor: null, endCursor: page.next ? encodeKey(page.next) : null },
      };
    },
  }),
  invitation: t.field({
    type: Invitation,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_a, args, ctx) => {
      const id = fromGlobalId('Invitation', String(args.id));
      return id ? getInvitation(ctx.db, ctx.access, id).catch((e: unknown) => (e instanceof DomainError && e.code === 'invitation_not_found' ? null : Promise.reject(e))) : null;
    },
  }),
  settings: t.field({ type: Settings, nullable: false, resolve: (_a, _b, ctx) => ctx.org }),
}));

const InvitationPayload = builder.objectRef<{ invitation: InvitationShape | null; errors: { message: string; path: string[] }[] }>('InvitationPayload');
InvitationPayload.implement({
  fields: (t) => ({
    invitation: t.field({ type: Invitation, resolve: (p) => p.invitation }),
    errors: t.field({ type: [Error], nullable: false, resolve: (p) => p.errors }),
  }),
});

const SettingsPayload = builder.objectRef<{ settings: { notificationsEnabled: boolean; invitationRequestsEnabled: boolean; invitationTtlDays: number } | null; errors: { message: string; path: string[] }[] }>('SettingsPayload');
SettingsPayload.implement({
  fields: (t) => ({
    settings: t.field({ type: Settings, resolve: (p) => p.settings }),
    errors: t.field({ type: [Error], nullable: false, resolve: (p) => p.errors }),
  }),
});

/** Runs an invitation change, answering business failures inside the payload (path ["id"]). */
async function changeInvitation(ctx: GraphqlContext, rawId: string | number, change: (id: string) => Promise<InvitationShape>) {
  try {
    const id = fromGlobalId('Invitation', String(rawId));
    if (!id) throw new DomainError('invitation_not_found');
    return { invitation: await change(id), errors: [] };
  } catch (error) {
    if (error instanceof DomainError) return { invitation: null, errors: [{ message: error.message, path: ['id'] }] };
    throw error;
  }
}

builder.mutationFields((t) => ({
  invitationResend: t.field({
    type: InvitationPayload,
    description: 'Resends a pending or expired invitation with a new link and expiry (Guestlist)',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => changeInvitation(ctx, args.id, (id) => resendInvitation(ctx.db, ctx.access, id, ctx.config.publicUrl, ctx.config.invitationsPerDayPerOrg)),
  }),
  invitationRevoke: t.field({
    type: InvitationPayload,
    description: 'Cancels a pending or expired invitation; with removeMember, also removes the person who never joined (Guestlist)',
    args: { id: t.arg.id({ required: true }), removeMember: t.arg.boolean() },
    resolve: (_r, args, ctx) => changeInvitation(ctx, args.id, (id) => revokeInvitation(ctx.db, ctx.access, id, args.removeMember ?? false)),
  }),
  settingsUpdate: t.field({
    type: SettingsPayload,
    description: 'Turns notifications on or off (off: nothing is sent, queued messages are suppressed) (Guestlist)',
    args: { notificationsEnabled: t.arg.boolean({ required: true }) },
    resolve: async (_r, args, ctx) => {
      try {
        const org = await updateSettings(ctx.db, ctx.access, { notificationsEnabled: args.notificationsEnabled }, { refuseOutboundUrl: async () => 'not settable here' });
        return { settings: org, errors: [] };
      } catch (error) {
        if (error instanceof DomainError) return { settings: null, errors: [{ message: error.message, path: ['notificationsEnabled'] }] };
        throw error;
      }
    },
  }),
}));
