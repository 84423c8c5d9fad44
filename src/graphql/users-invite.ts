import { loadMembers } from '../domain/members/member.ts';
import { sendInvitations } from '../domain/invitations/send.ts';
import { builder, type GraphqlContext } from './builder.ts';
import { UserIdentifierInput } from './account.ts';
import { fromGlobalId } from './ids.ts';
import { payloadError } from './user-invite.ts';
import { Error, User } from './user-types.ts';
import { withUrl, type GraphqlUser } from './users.ts';

const UsersInviteScopeEnum = builder.enumType('UsersInviteScopeEnum', {
  values: { pending: { description: 'Every member who has not joined yet' } } as const,
});

const UsersInviteInput = builder.inputType('UsersInviteInput', {
  fields: (t) => ({ users: t.field({ type: [UserIdentifierInput] }), scope: t.field({ type: UsersInviteScopeEnum }) }),
});

interface UsersInviteResult {
  users: GraphqlUser[];
  failed: string[];
  errors: { message: string; path: string[] }[];
}

/** How many of the users sent an invitation the payload lists. */
const USERS_LISTED = 500;

const UsersInvitePayload = builder.objectRef<UsersInviteResult>('UsersInvitePayload');
UsersInvitePayload.implement({
  fields: (t) => ({
    users: t.field({ type: [User], description: 'The users who were sent an invitation', resolve: (p) => p.users }),
    failed: t.stringList({ description: 'The identifiers that could not be sent an invitation', resolve: (p) => p.failed }),
    errors: t.field({ type: [Error], nullable: false, resolve: (p) => p.errors }),
  }),
});

/**
 * OpsLevel's usersInvite: (re)sends invitations to the users named (by id or email) or to every
 * pending member (`scope: pending`), through the same use case as REST (R4): a user with a live
 * invitation gets it resent, one without a new one. Identifiers that match nobody, or that cannot
 * be invited (already joined, deactivated, not reached after a mute or the daily cap), come back
 * in `failed`, all of them: an OpsLevel client reads `failed` as the whole list of who got no
 * invitation (and may name them again), so a shortened list would pass the rest off as sent.
 */
async function usersInvite(ctx: GraphqlContext, input: { users?: readonly { id?: string | number | null; email?: string | null }[] | null; scope?: 'pending' | null }): Promise<UsersInviteResult> {
  try {
    const named = (input.users ?? []).map((u) => {
      const raw = u.id !== null && u.id !== undefined ? String(u.id) : (u.email ?? '');
      return { raw, ref: u.id !== null && u.id !== undefined ? (fromGlobalId('User', raw) ?? raw) : raw };
    });
    if (input.scope !== 'pending' && named.length === 0) return { users: [], failed: [], errors: [{ message: 'Give users (by id or email) or scope: pending.', path: ['input'] }] };
    // At most the first USERS_LISTED users are listed (a send to every pending member may reach
    // 100,000; the send itself is whole). Every failure is: only its identifier.
    const report = await sendInvitations(ctx.db, ctx.access, input.scope === 'pending' ? { scope: 'pending' } : { members: named.map((n) => n.ref) }, ctx.config.publicUrl, ctx.config.invitationsPerDayPerOrg, { listSent: USERS_LISTED, everyFailure: true });
    const rawOf = new Map(named.map((n) => [n.ref, n.raw]));
    const failed = (report.failedMembers ?? []).map((member) => rawOf.get(member) ?? member);
    const ids = report.sentMemberIds;
    const users = ids.length ? await loadMembers(ctx.db, ctx.org.id, { ids, limit: USERS_LISTED }) : [];
    return { users: users.map((m) => withUrl(ctx, m)), failed, errors: [] };
  } catch (error) {
    return { users: [], failed: [], errors: payloadError(error, ['input']).errors };
  }
}

builder.mutationFields((t) => ({
  usersInvite: t.field({
    type: UsersInvitePayload,
    args: { input: t.arg({ type: UsersInviteInput, required: true }) },
    resolve: (_r, { input }, ctx) => usersInvite(ctx, input),
  }),
}));
