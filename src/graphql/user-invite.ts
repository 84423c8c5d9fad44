import { DomainError } from '../domain/errors.ts';
import { inviteOneInTransaction } from '../domain/invitations/invite.ts';
import { resendInvitation } from '../domain/invitations/manage.ts';
import { requireAdmin } from '../domain/organizations/access.ts';
import { setGraphqlRole } from '../storage/graphql-members.ts';
import { findLivePendingInvitationId } from '../storage/invitations.ts';
import type { GraphqlRole } from '../storage/schema.ts';
import { builder, type GraphqlContext } from './builder.ts';
import { ROLE_OF } from './roles.ts';
import { Error, User } from './user-types.ts';
import { findUser, type GraphqlUser } from './users.ts';

export const UserInput = builder.inputType('UserInput', {
  // role is read as a string: some Terraform releases send "" for "no role"; anything else must be a UserRole value.
  fields: (t) => ({ name: t.string(), role: t.string({ description: 'admin, standards_admin, team_member, user or basic_user' }), skipWelcomeEmail: t.boolean() }),
});

export const UserPayload = builder.objectRef<{ user: GraphqlUser | null; errors: { message: string; path: string[] }[] }>('UserPayload');
UserPayload.implement({
  fields: (t) => ({
    user: t.field({ type: User, resolve: (p) => p.user }),
    errors: t.field({ type: [Error], nullable: false, resolve: (p) => p.errors }),
  }),
});

/** A business failure as OpsLevel's clients read it: inside the payload, naming the argument. */
export function payloadError(error: unknown, path: string[]): { user: null; errors: { message: string; path: string[] }[] } {
  if (error instanceof DomainError) return { user: null, errors: [{ message: error.message, path }] };
  throw error;
}

/** A role as written by a client: one of UserRole's values, or empty for none. */
export function readRole(role: string | null | undefined): GraphqlRole | undefined {
  if (!role) return undefined;
  if (role in ROLE_OF) return role as GraphqlRole;
  throw new DomainError('validation_failed', `role: "${role.slice(0, 50)}" is not one of ${Object.keys(ROLE_OF).join(', ')}.`);
}

interface InviteArgs {
  email: string;
  input: { name?: string | null; role?: string | null; skipWelcomeEmail?: boolean | null };
  forceSendInvite?: boolean | null;
}

/**
 * OpsLevel's userInvite: creates the person and sends an invitation unless told not to
 * (`forceSendInvite: false`, or `skipWelcomeEmail: true` without `forceSendInvite`); the mute
 * still wins (the person is created, nothing is sent). `forceSendInvite: true` for someone already
 * waiting resends their invitation. Through the same use cases as REST.
 */
async function userInvite(ctx: GraphqlContext, args: InviteArgs) {
  const send = args.forceSendInvite ?? !(args.input.skipWelcomeEmail ?? false);
  try {
    requireAdmin(ctx.access);
    const graphqlRole = readRole(args.input.role);
    const role = graphqlRole ? ROLE_OF[graphqlRole] : 'member';
    const result = await ctx.db.transaction().execute(async (trx) => {
      const invited = await inviteOneInTransaction(trx, ctx.access, { emails: [args.email], name: args.input.name ?? undefined, role, sendInvite: send, source: 'graphql' }, ctx.config.publicUrl, ctx.config.invitationsPerDayPerOrg);
      if (invited.outcome === 'failed' && invited.code !== 'member_exists') throw new DomainError(invited.code ?? 'validation_failed', invited.message);
      if (invited.memberId && graphqlRole) {
        await setGraphqlRole(trx, ctx.org.id, invited.memberId, graphqlRole);
      }
      return invited;
    });
    if (result.outcome === 'already_invited' && args.forceSendInvite === true && result.memberId) {
      const live = await findLivePendingInvitationId(ctx.db, ctx.org.id, result.memberId);
      if (live) await resendInvitation(ctx.db, ctx.access, live, ctx.config.publicUrl, ctx.config.invitationsPerDayPerOrg);
    }
    return { user: (await findUser(ctx, { id: result.memberId })) ?? null, errors: [] };
  } catch (error) {
    return payloadError(error, ['email']);
  }
}

builder.mutationType({
  fields: (t) => ({
    userInvite: t.field({
      type: UserPayload,
      args: {
        email: t.arg.string({ required: true }),
        input: t.arg({ type: UserInput, required: true }),
        forceSendInvite: t.arg.boolean(),
      },
      resolve: (_r, args, ctx) => userInvite(ctx, args),
    }),
  }),
});
