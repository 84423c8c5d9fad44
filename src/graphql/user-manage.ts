import { DomainError } from '../domain/errors.ts';
import { removeMember } from '../domain/members/remove-member.ts';
import { setGraphqlRole } from '../storage/graphql-members.ts';
import { updateMember } from '../domain/members/update-member.ts';
import { builder, type GraphqlContext } from './builder.ts';
import { UserIdentifierInput } from './account.ts';
import { ROLE_OF } from './roles.ts';
import { payloadError, readRole, UserInput, UserPayload } from './user-invite.ts';
import { Error } from './user-types.ts';
import { findUser, type GraphqlUser } from './users.ts';

type Ident = { id?: string | number | null; email?: string | null };

/** The member an identifier names, or the error OpsLevel's clients expect (path ["user"]). */
async function requireUser(ctx: GraphqlContext, ident: Ident): Promise<GraphqlUser> {
  const id = ident.id === null || ident.id === undefined ? undefined : String(ident.id);
  const user = await findUser(ctx, { id, email: ident.email });
  if (!user) {
    const named = ident.email ? `email '${ident.email}'` : `id '${id ?? ''}'`;
    throw new DomainError('member_not_found', `User with ${named} does not exist on this account`);
  }
  return user;
}

const BasePayload = builder.objectRef<{ errors: { message: string; path: string[] }[] }>('BasePayload');
BasePayload.implement({ fields: (t) => ({ errors: t.field({ type: [Error], nullable: false, resolve: (p) => p.errors }) }) });

builder.mutationFields((t) => ({
  userUpdate: t.field({
    type: UserPayload,
    description: "Changes a user's name or role (the role reads back as written)",
    args: { user: t.arg({ type: UserIdentifierInput, required: true }), input: t.arg({ type: UserInput, required: true }) },
    resolve: async (_r, { user, input }, ctx) => {
      try {
        const member = await requireUser(ctx, user);
        const graphqlRole = readRole(input.role);
        await updateMember(ctx.db, ctx.access, member.id, {
          ...(input.name !== undefined ? { name: input.name?.trim() || null } : {}),
          ...(graphqlRole ? { role: ROLE_OF[graphqlRole] } : {}),
        });
        if (graphqlRole) await setGraphqlRole(ctx.db, ctx.org.id, member.id, graphqlRole);
        return { user: (await findUser(ctx, { id: member.id })) ?? null, errors: [] };
      } catch (error) {
        return payloadError(error, ['user']);
      }
    },
  }),
  userDelete: t.field({
    type: BasePayload,
    description: 'Removes a user from the organization (their invitation ends)',
    args: { user: t.arg({ type: UserIdentifierInput, required: true }) },
    resolve: async (_r, { user }, ctx) => {
      try {
        const member = await requireUser(ctx, user);
        await removeMember(ctx.db, ctx.access, member.id);
        return { errors: [] };
      } catch (error) {
        return { errors: payloadError(error, ['user']).errors };
      }
    },
  }),
}));
